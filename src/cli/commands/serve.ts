import { Flags } from '@oclif/core';
import { jsonLogger, type LogLevel } from '../../xds/log.js';
import { ServeStartError, startServe } from '../../serve/serve.js';
import { ExpectedError, WsctlCommand } from '../base.js';
import { stopWhenNpmParentDies } from '../npm-parent.js';

const port = (description: string, fallback: number) => Flags.integer({ description, default: fallback, min: 0, max: 65535 });

/** wsctl serve --spec FILE... --xds-port N --admin-port N [--watch]. */
export default class Serve extends WsctlCommand {
  static override description =
    'Serve the gateways of spec files to Envoy (and gRPC) fleets over xDS: ADS, state of the world and delta; node.cluster names the gateway. Logs are JSON lines on stdout.';
  static override examples = [
    '<%= config.bin %> serve --spec gateway.yaml --xds-port 18000 --admin-port 18001 --watch',
    '<%= config.bin %> serve --spec chat.yaml --spec games.yaml --xds-port 18000 --admin-port 18001',
    '<%= config.bin %> serve --data-dir /var/lib/wsctl --token-file /etc/wsctl/tokens --xds-port 18000 --admin-port 18001',
    '<%= config.bin %> serve --store etcd://10.0.0.5:2379,10.0.0.6:2379 --token-file /etc/wsctl/tokens --xds-port 18000 --admin-port 18001',
    '<%= config.bin %> serve --store etcd://10.0.0.5:2379/wsctl --etcd-user wsctl --etcd-password-file /etc/wsctl/etcd-password --token-file /etc/wsctl/tokens',
  ];
  static override flags = {
    spec: Flags.string({ description: 'spec file (repeatable); every gateway in it is served', multiple: true, default: [] }),
    'xds-port': port('xDS gRPC port', 18000),
    'xds-address': Flags.string({ description: 'address the xDS port binds', default: '0.0.0.0' }),
    'admin-port': port('admin HTTP port: /healthz, /readyz, /status, /metrics, the /v1 API', 18001),
    'admin-address': Flags.string({ description: 'address the admin port binds (a loopback address unless --insecure-admin)', default: '127.0.0.1' }),
    'insecure-admin': Flags.boolean({ description: 'allow the admin port without TLS on a non-loopback address', default: false }),
    'admin-tls-cert': Flags.string({ description: 'PEM certificate chain: the admin port speaks HTTPS', dependsOn: ['admin-tls-key'] }),
    'admin-tls-key': Flags.string({ description: 'PEM private key of --admin-tls-cert', dependsOn: ['admin-tls-cert'] }),
    'xds-tls-cert': Flags.string({ description: 'PEM certificate chain: the xDS port speaks TLS', dependsOn: ['xds-tls-key'] }),
    'xds-tls-key': Flags.string({ description: 'PEM private key of --xds-tls-cert', dependsOn: ['xds-tls-cert'] }),
    'xds-client-ca': Flags.string({ description: 'PEM CA: xDS clients must present a certificate it signed (mTLS)', dependsOn: ['xds-tls-cert'] }),
    'token-file': Flags.string({ description: 'bearer tokens of the admin API, one per line (re-read on SIGHUP, as are the TLS files); the /v1 API is off without it' }),
    'data-dir': Flags.string({ description: 'directory that keeps API-applied gateways across restarts (memory without it)', exclusive: ['store'] }),
    store: Flags.string({ description: 'etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcds:// for TLS): keep API-applied gateways in etcd, shared by every replica given the same URL' }),
    'etcd-ca': Flags.string({ description: 'PEM CA of etcd\'s certificate (etcds://)', dependsOn: ['store'] }),
    'etcd-cert': Flags.string({ description: 'PEM client certificate for etcd --client-cert-auth (etcds://)', dependsOn: ['etcd-ca', 'etcd-key'] }),
    'etcd-key': Flags.string({ description: 'PEM private key of --etcd-cert', dependsOn: ['etcd-ca', 'etcd-cert'] }),
    'etcd-user': Flags.string({ description: 'etcd user (etcd auth enable; its role needs readwrite on the --store prefix)', env: 'WSCTL_ETCD_USER' }),
    'etcd-password-file': Flags.string({ description: 'file holding the password of --etcd-user (not readable by others; re-read on SIGHUP and at every reconnect); never put a password in the URL', env: 'WSCTL_ETCD_PASSWORD_FILE' }),
    history: Flags.integer({ description: 'versions kept per API-managed gateway', default: 10, min: 1, max: 1000 }),
    watch: Flags.boolean({ description: 'recompile a spec file when it changes and push the difference', default: false }),
    'allow-degraded': Flags.boolean({ description: 'accept degraded features with a warning instead of refusing the spec', default: false }),
    'log-level': Flags.string({ description: 'least severe level logged', options: ['debug', 'info', 'warn', 'error'], default: 'info' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    if (flags.spec.length === 0 && !flags['token-file'] && !flags['data-dir'] && !flags.store) {
      throw new ExpectedError('nothing to serve: give --spec FILE, or --token-file (and --data-dir) to serve gateways applied with wsctl apply', 2);
    }
    const [etcdUser, passwordFile] = [flags['etcd-user'], flags['etcd-password-file']];
    if ((etcdUser === undefined) !== (passwordFile === undefined)) throw new ExpectedError('--etcd-user and --etcd-password-file go together (or WSCTL_ETCD_USER and WSCTL_ETCD_PASSWORD_FILE)', 2);
    const log = jsonLogger((line) => process.stdout.write(line), flags['log-level'] as LogLevel);
    const server = await startServe({
      files: flags.spec,
      xdsHost: flags['xds-address'],
      xdsPort: flags['xds-port'],
      adminHost: flags['admin-address'],
      adminPort: flags['admin-port'],
      watch: flags.watch,
      allowDegraded: flags['allow-degraded'],
      log,
      dataDir: flags['data-dir'],
      store: flags.store,
      storeTls: flags['etcd-ca'] ? { caFile: flags['etcd-ca'], certFile: flags['etcd-cert'], keyFile: flags['etcd-key'] } : undefined,
      storeAuth: etcdUser !== undefined && passwordFile !== undefined ? { user: etcdUser, passwordFile } : undefined,
      tokenFile: flags['token-file'],
      insecureAdmin: flags['insecure-admin'],
      history: flags.history,
      adminTls: flags['admin-tls-cert'] && flags['admin-tls-key'] ? { certFile: flags['admin-tls-cert'], keyFile: flags['admin-tls-key'] } : undefined,
      xdsTls: flags['xds-tls-cert'] && flags['xds-tls-key'] ? { certFile: flags['xds-tls-cert'], keyFile: flags['xds-tls-key'], clientCaFile: flags['xds-client-ca'] } : undefined,
    }).catch((error: unknown) => {
      throw error instanceof ServeStartError ? new ExpectedError(error.message) : error;
    });
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        log.info('serve.signal', { signal });
        void server.stop().then(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      stopWhenNpmParentDies((reason) => {
        log.warn('serve.orphaned', { reason, action: 'stopping as on SIGTERM' });
        stop('none');
      });
      process.on('SIGHUP', () => server.reload());
    });
  }
}
