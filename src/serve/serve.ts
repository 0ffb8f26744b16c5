import { adminApi, DEFAULT_MAX_BODY_BYTES } from '../control/admin-api.js';
import { readEtcdPassword, type EtcdAuthFiles } from '../control/etcd-password.js';
import { openEtcdStore } from '../control/etcd-store.js';
import { parseEtcdUrl } from '../control/etcd-url.js';
import { createFileStore } from '../control/file-store.js';
import { startFleet } from '../control/fleet.js';
import { createControlPlane } from '../control/gateways.js';
import { createControlMetrics } from '../control/metrics.js';
import { createMemoryStore, DEFAULT_HISTORY, type GatewayStore } from '../control/store.js';
import { loadTokenFile, type TokenSet } from '../control/tokens.js';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { createSnapshotCache } from '../xds/cache.js';
import type { Logger } from '../xds/log.js';
import { startXdsServer } from '../xds/server.js';
import { createStatusBook } from '../xds/status.js';
import { typeName } from '../xds/type-urls.js';
import { startAdminServer } from './admin-http.js';
import { ReloadableTls, type TlsFiles } from './tls-files.js';
import { createPublisher } from './publish.js';
import { watchFiles } from './watch-files.js';

/** Options of `wsctl serve`. */
export interface ServeOptions {
  /** Spec files; every gateway in them is served. */
  files: string[];
  /** xDS gRPC address and port (port 0 = any). */
  xdsHost: string;
  xdsPort: number;
  /** Admin HTTP address (127.0.0.1 by default) and port. */
  adminHost: string;
  adminPort: number;
  /** Recompile a spec file when it changes and push the result. */
  watch: boolean;
  /** Accept degraded features with a warning. */
  allowDegraded: boolean;
  /** Structured log. */
  log: Logger;
  /** Directory of the API-managed gateways (memory when absent and no etcd store: lost on restart). */
  dataDir?: string;
  /** etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcds:// for TLS): API-managed gateways live in etcd, shared by every replica given the same URL. */
  store?: string;
  /** For etcds://: PEM CA of etcd's certificate, and a client certificate and key when etcd requires one. */
  storeTls?: { caFile: string; certFile?: string; keyFile?: string };
  /** etcd authentication: a user and the file of its password (never the password itself: it stays out of argv and logs). */
  storeAuth?: EtcdAuthFiles;
  /** Bearer tokens of the admin API, one per line (the API is off without them); re-read by reloadTokens. */
  tokenFile?: string;
  /** Allow the admin port on a non-loopback address (plain HTTP: tokens travel in clear). */
  insecureAdmin?: boolean;
  /** Versions kept per gateway. */
  history?: number;
  /** Largest admin API request body in bytes. */
  maxBodyBytes?: number;
  /** HTTPS for the admin port: PEM certificate chain and key files. */
  adminTls?: { certFile: string; keyFile: string };
  /** TLS for the xDS port: PEM certificate chain and key files; with clientCaFile, clients must present a certificate it signed (mTLS). */
  xdsTls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

/** A running `wsctl serve`. */
export interface ServeHandle {
  /** Bound xDS port. */
  xdsPort: number;
  /** Bound admin port. */
  adminPort: number;
  /** SIGHUP: re-reads the token file, the TLS files of both ports and the etcd password file; whatever cannot be read or is refused keeps its previous content (logged). */
  reload(): void;
  /** Graceful stop: admin closed, xDS streams ended, server drained. */
  stop(): Promise<void>;
}

/** Thrown when the specs cannot be served at start; carries the errors. */
export class ServeStartError extends Error {}

/**
 * Compiles every spec file, publishes one snapshot per gateway, starts the xDS server and the admin HTTP
 * server, and with `watch` recompiles an edited file and pushes the difference. Refuses to start when a
 * file is invalid at start; later invalid edits are refused and the last good snapshot keeps serving.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const { log } = options;
  if (!isLoopback(options.adminHost) && !options.adminTls && !options.insecureAdmin) {
    throw new ServeStartError(`without TLS the admin port binds a loopback address only: give --admin-tls-cert/--admin-tls-key, or --insecure-admin (got ${options.adminHost})`);
  }
  const adminTls = options.adminTls && loadTls(options.adminTls);
  const xdsTls = options.xdsTls && loadTls({ certFile: options.xdsTls.certFile, keyFile: options.xdsTls.keyFile, clientCaFile: options.xdsTls.clientCaFile });
  const credentials = xdsTls && xdsCredentials(xdsTls, options.xdsTls?.clientCaFile !== undefined);
  let tokens: TokenSet | undefined;
  try {
    tokens = options.tokenFile ? loadTokenFile(options.tokenFile) : undefined;
  } catch (error) {
    throw new ServeStartError(`cannot read the token file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const cache = createSnapshotCache();
  const book = createStatusBook();
  const store = await openStore(options);
  const metrics = createControlMetrics(() => book.nodes(), () => store.unwritable() === undefined);
  const publisher = createPublisher(cache, log, options.allowDegraded, (name) => store.get(name) !== undefined);
  const startErrors = options.files.flatMap((file) => publisher.publish(file).errors);
  if (startErrors.length) throw new ServeStartError(`cannot serve: ${startErrors.length} error(s) in the specs:\n${startErrors.join('\n')}`);
  let onAck = (_node: string): void => {};
  const status = metrics.observe(book, (node) => onAck(node));
  const fleet = startFleet({ store, book, cache, log });
  const api = createControlPlane({ store, cache, status: book, log, metrics, allowDegraded: options.allowDegraded, specOwner: publisher.owner, fleet: fleet?.view });
  onAck = api.onAck;
  api.loadStored();
  const xds = await startXdsServer(options.xdsHost, options.xdsPort, { cache, status, log, credentials });
  const handle = adminApi({ api, tokens, registry: metrics.registry, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, log });
  const admin = await startAdminServer(options.adminHost, options.adminPort, {
    handle,
    notReady: () => (store.unwritable() ? `not ready for writes: ${store.unwritable()}; serving the last good snapshots` : undefined),
    status: () => ({
      store: { kind: store.describe(), writable: store.unwritable() === undefined, ...(store.unwritable() ? { reason: store.unwritable() } : {}) },
      gateways: publisher.records(),
      nodes: status.nodes().map((n) => ({
        ...n,
        types: Object.fromEntries(Object.entries(n.types).map(([t, s]) => [typeName(t), s])),
      })),
      streams: xds.openStreams(),
    }),
  }, adminTls && { cert: adminTls.current().cert.toString(), key: adminTls.current().key.toString() });
  const stopWatching = options.watch ? watchFiles(options.files, (file) => publisher.publish(file)) : () => {};
  log.info('serve.started', {
    xds: `${options.xdsHost}:${xds.port}`,
    admin: `${options.adminHost}:${admin.port}`,
    gateways: cache.groups(),
    watch: options.watch,
    api: tokens ? 'on' : 'off (no --token-file)',
    adminTls: adminTls !== undefined,
    xdsTls: options.xdsTls ? (options.xdsTls.clientCaFile ? 'mtls' : 'tls') : 'off',
    store: store.describe(),
    ...(options.storeAuth ? { etcdUser: options.storeAuth.user } : {}),
    ...(store.unwritable() ? { notReady: store.unwritable() } : {}),
  });
  return {
    xdsPort: xds.port,
    adminPort: admin.port,
    reload() {
      if (tokens) {
        try {
          log.info('admin.tokens_reloaded', { tokens: tokens.reload() });
        } catch (error) {
          log.error('admin.tokens_reload_failed', { error: error instanceof Error ? error.message : String(error), kept: 'the previous tokens' });
        }
      }
      if (store.reload) {
        store.reload();
        log.info('store.credentials_reload', { user: options.storeAuth?.user, outcome: 'the next probe (within a second) reconnects with the password file as it is now' });
      }
      for (const [port, tls] of [['admin', adminTls], ['xds', xdsTls]] as const) {
        if (!tls) continue;
        try {
          const { cert } = tls.reload();
          if (port === 'admin') admin.setTls({ cert: cert.toString(), key: tls.current().key.toString() });
          log.info('tls.reloaded', { port, certificate: fingerprint(cert) });
        } catch (error) {
          log.error('tls.reload_failed', { port, error: error instanceof Error ? error.message : String(error), kept: 'the previous certificate' });
        }
      }
    },
    async stop() {
      stopWatching();
      await admin.close();
      await xds.shutdown(5_000);
      await fleet?.stop();
      await store.close();
      log.info('serve.stopped');
    },
  };
}

/** The store of API-managed gateways: etcd (--store), a data directory, or memory. */
async function openStore(options: ServeOptions): Promise<GatewayStore> {
  const history = options.history ?? DEFAULT_HISTORY;
  if (options.storeAuth && options.store === undefined) throw new ServeStartError('--etcd-user/--etcd-password-file need --store etcd://...');
  if (options.store !== undefined) {
    if (options.dataDir) throw new ServeStartError('--store etcd://... and --data-dir exclude each other: the gateways live in one place');
    let location;
    try {
      location = parseEtcdUrl(options.store);
    } catch (error) {
      throw new ServeStartError(error instanceof Error ? error.message : String(error));
    }
    const tls = options.storeTls;
    if (location.tls !== (tls !== undefined)) throw new ServeStartError(location.tls ? 'etcds:// needs --etcd-ca (the CA of etcd\'s certificate)' : '--etcd-ca/--etcd-cert/--etcd-key need an etcds:// store');
    if (tls) for (const file of [tls.caFile, tls.certFile, tls.keyFile]) if (file !== undefined) readPem(file);
    const auth = options.storeAuth;
    if (auth) {
      try {
        readEtcdPassword(auth.passwordFile);
      } catch (error) {
        throw new ServeStartError(error instanceof Error ? error.message : String(error));
      }
    }
    return openEtcdStore({ location, tls, auth, historyLength: history, log: options.log });
  }
  return options.dataDir ? createFileStore(options.dataDir, history) : createMemoryStore(history);
}

/** True for 127.0.0.0/8, ::1 and localhost. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ServeStartError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function loadTls(files: TlsFiles): ReloadableTls {
  try {
    return new ReloadableTls(files);
  } catch (error) {
    throw new ServeStartError(error instanceof Error ? error.message : String(error));
  }
}

/** SHA-256 fingerprint of the first certificate of a PEM chain (what the logs name after a reload). */
function fingerprint(pem: Buffer): string {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return 'unparsable';
  }
}

/**
 * gRPC server credentials: TLS, and mTLS (client certificates required and checked against the client
 * CA), from files that SIGHUP re-reads (new connections get the new certificate).
 */
function xdsCredentials(tls: ReloadableTls, mutual: boolean): grpc.ServerCredentials {
  // grpc-js takes the identity provider first, then the CA provider (its declaration names them the other way round)
  return grpc.experimental.createCertificateProviderServerCredentials(tls, mutual ? tls : null, mutual);
}
