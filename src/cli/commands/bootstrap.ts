import { basename, dirname } from 'node:path';
import { Flags } from '@oclif/core';
import { writeOutputs } from '../../output/write.js';
import { gatewaySchema } from '../../spec/schema.js';
import { DEFAULT_MAX_CONNECTIONS } from '../../ir/defaults.js';
import { lowerGateway } from '../../ir/lower.js';
import { validateFiles } from '../../spec/validate.js';
import { parseHostPort, renderXdsBootstrap } from '../../targets/envoy/bootstrap.js';
import { DEFAULT_ADMIN_PORT, envoyInfra, type EnvoyInfra } from '../../targets/envoy/infra.js';
import { checkXdsTls, type XdsTlsOptions } from '../../targets/envoy/xds-tls.js';
import { ExpectedError, WsctlCommand } from '../base.js';

/** True when the name matches the schema's Name pattern (one source for what a gateway name is). */
function isGatewayName(name: string): boolean {
  const defs = gatewaySchema().$defs as { Name: { pattern: string } };
  return new RegExp(defs.Name.pattern).test(name);
}

/** The Envoy process settings from the gateway's spec, or the spec defaults when no spec is given. */
function infraOf(specFile: string | undefined, gateway: string): EnvoyInfra | null {
  if (!specFile) return null;
  const validation = validateFiles([specFile]);
  if (!validation.ok) throw new ExpectedError(`${specFile} is not valid; run wsctl validate ${specFile}`);
  const found = validation.gateways.find((g) => g.gateway.metadata.name === gateway);
  if (!found) throw new ExpectedError(`${specFile} holds no gateway named "${gateway}"`);
  return envoyInfra(lowerGateway(found.bundle.gateway, found.bundle.files));
}

/** wsctl bootstrap --gateway NAME --xds-address HOST:PORT [--node-id ID] [--out FILE]. */
export default class Bootstrap extends WsctlCommand {
  static override description = 'Write the Envoy bootstrap that subscribes to a gateway served by wsctl serve (ADS, delta by default).';
  static override examples = [
    '<%= config.bin %> bootstrap --gateway chat --xds-address 127.0.0.1:18000 --spec chat.yaml > envoy.yaml',
    '<%= config.bin %> bootstrap --gateway chat --xds-address cp.internal:18000 --node-id edge-1 --out envoy/bootstrap.yaml',
    '<%= config.bin %> bootstrap --gateway chat --xds-address cp.internal:18000 --xds-ca /etc/envoy/wsctl-ca.crt --xds-client-cert /etc/envoy/edge.crt --xds-client-key /etc/envoy/edge.key',
  ];
  static override flags = {
    gateway: Flags.string({ description: 'gateway name (the node cluster wsctl serve matches)', required: true }),
    'xds-address': Flags.string({ description: 'HOST:PORT of wsctl serve --xds-port', required: true }),
    'node-id': Flags.string({ description: 'node id (default: the gateway name); unique per Envoy for per-node status' }),
    sotw: Flags.boolean({ description: 'state-of-the-world xDS instead of delta', default: false }),
    spec: Flags.string({ description: 'the gateway spec: takes limits.maxConnections and the admin port from it' }),
    'max-connections': Flags.integer({ description: `gateway-wide connection cap (default: the spec's limits.maxConnections, else ${DEFAULT_MAX_CONNECTIONS})`, min: 1 }),
    'admin-port': Flags.integer({
      description: `admin port on 127.0.0.1 (default: the spec's, else ${DEFAULT_ADMIN_PORT}); spec.metrics is served from the admin`,
      min: 1,
      max: 65535,
    }),
    'xds-ca': Flags.string({ description: 'PEM CA that verifies the xDS server certificate: Envoy reaches wsctl serve --xds-tls-cert over TLS (absolute path on the Envoy host)' }),
    'xds-client-cert': Flags.string({ description: 'PEM client certificate Envoy presents (mTLS: wsctl serve --xds-client-ca)', dependsOn: ['xds-ca', 'xds-client-key'] }),
    'xds-client-key': Flags.string({ description: 'PEM private key of --xds-client-cert', dependsOn: ['xds-ca', 'xds-client-cert'] }),
    'xds-sni': Flags.string({ description: 'server name sent and required in the xDS certificate (default: the --xds-address host)', dependsOn: ['xds-ca'] }),
    out: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Bootstrap);
    if (!isGatewayName(flags.gateway)) throw new ExpectedError(`--gateway must be a gateway name (DNS label), got "${flags.gateway}"`);
    const tls: XdsTlsOptions | undefined = flags['xds-ca']
      ? { caFile: flags['xds-ca'], certFile: flags['xds-client-cert'], keyFile: flags['xds-client-key'], sni: flags['xds-sni'] }
      : undefined;
    try {
      parseHostPort(flags['xds-address']);
      if (tls) checkXdsTls(tls);
    } catch (error) {
      throw new ExpectedError(error instanceof Error ? error.message : String(error));
    }
    const infra = infraOf(flags.spec, flags.gateway);
    const text = renderXdsBootstrap({
      gateway: flags.gateway,
      xdsAddress: flags['xds-address'],
      nodeId: flags['node-id'],
      delta: !flags.sotw,
      adminPort: flags['admin-port'] ?? infra?.adminPort ?? DEFAULT_ADMIN_PORT,
      maxConnections: flags['max-connections'] ?? infra?.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      tls,
    });
    if (flags.out) {
      // atomic write next to the target file
      const written = writeOutputs(dirname(flags.out), [{ path: basename(flags.out), content: text }]);
      if (flags.json) this.printJson({ ok: true, written });
      else process.stdout.write(`wrote ${flags.out}\n`);
      return;
    }
    if (flags.json) this.printJson({ ok: true, bootstrap: text });
    else process.stdout.write(text);
  }
}
