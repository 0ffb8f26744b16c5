import { TimeoutDefaults } from '../../ir/defaults.js';
import type { IrGateway } from '../../ir/types.js';
import type { EmitContext } from '../target.js';
import { buildBackend, buildStickTable, isDnsName } from './backends.js';
import { haproxyTime } from './durations.js';
import { bindAddress, buildFrontend } from './frontends.js';
import type { GatewayRouting } from './routing.js';
import { accessLogFormat } from './access-log.js';
import { gatewayTable, globalMaxconn } from './capacity.js';
import type { HaproxyView, StickTableView } from './view-model.js';

/** Builds the whole view model of haproxy.cfg from the IR. */
export function buildView(ir: IrGateway, ctx: EmitContext, routing: GatewayRouting): HaproxyView {
  const drain = ir.limits.drainTimeout;
  return {
    specName: ctx.specName,
    global: {
      maxconn: globalMaxconn(ir.limits.maxConnections),
      hardStopAfter: drain === 'off' ? null : haproxyTime(drain),
    },
    defaults: {
      client: '30s',
      clientFin: '10s',
      httpRequest: haproxyTime(TimeoutDefaults.handshakeTimeoutMs),
      httpKeepAlive: '10s',
      queue: '5s',
      connect: haproxyTime(TimeoutDefaults.connectTimeoutMs),
      server: haproxyTime(TimeoutDefaults.handshakeTimeoutMs),
    },
    logFormat: accessLogFormat(ir.accessLog.format),
    accessLog: ir.accessLog.enabled,
    resolvers: ir.backends.some((b) => b.endpoints.some((e) => isDnsName(e))),
    metricsSocket: 'metrics.sock',
    metrics: ir.metrics ? { bind: bindAddress(ir.metrics.address, ir.metrics.port), path: ir.metrics.path } : null,
    frontends: ir.listeners.map((l) => buildFrontend(ir, l, ctx, routing)),
    backends: ir.backends.map((b) => buildBackend(ir, b, ctx)),
    gatewayTable: gatewayTable(),
    stickTables: routing.policies.map((p) => buildStickTable(p.route)).filter((t): t is StickTableView => t !== null),
  };
}
