import { TimeoutDefaults } from '../../ir/defaults.js';
import type { IrGateway, IrListener } from '../../ir/types.js';
import { accessLogs, STATIC_ACCESS_LOG } from './access-log.js';
import { msToDuration } from './duration.js';
import { httpFilters } from './http-filters.js';
import { localReplyConfig } from './local-reply.js';
import { routeConfigName, typeUrl } from './names.js';
import { ADS, type SecretMode } from './secret.js';
import type { RouteConfiguration, TypedConfig } from './types.js';

/** How the HCM gets its routes: RDS over ADS (xDS: route edits never touch the Listener) or inline (static file). */
export type RouteSource = { kind: 'rds' } | { kind: 'inline'; config: RouteConfiguration };

/**
 * The HTTP connection manager of a listener. Everything here is listener- or gateway-wide; per-route
 * timeouts and policies live in the RouteConfiguration. No drain_timeout: it only paces HTTP/2 GOAWAYs,
 * and these listeners speak HTTP/1.1; live sockets are drained by Envoy's --drain-time-s (see run.sh).
 */
export function httpConnectionManager(listener: IrListener, ir: IrGateway, routes: RouteSource, mode: SecretMode): TypedConfig {
  return {
    '@type': typeUrl('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'),
    stat_prefix: listener.name,
    // HTTP/1.1 only: no h2c prior knowledge, and WebSockets are HTTP/1.1 upgrades
    codec_type: 'HTTP1',
    ...(routes.kind === 'rds'
      ? { rds: { route_config_name: routeConfigName(listener.name), config_source: ADS } }
      : { route_config: routes.config }),
    http_filters: httpFilters(ir, mode),
    access_log: accessLogs(ir.accessLog, mode === 'static' ? { file: STATIC_ACCESS_LOG } : 'stdout'),
    // routes override it with their idleTimeout; this only covers requests before a route applies
    stream_idle_timeout: msToDuration(TimeoutDefaults.idleTimeoutMs),
    request_headers_timeout: msToDuration(TimeoutDefaults.handshakeTimeoutMs),
    use_remote_address: true,
    strip_any_host_port: true,
    normalize_path: true,
    merge_slashes: true,
    common_http_protocol_options: { headers_with_underscores_action: 'DROP_HEADER' },
    local_reply_config: localReplyConfig(),
  };
}
