import { createSnapshotCache } from '../xds/cache.js';
import type { Logger } from '../xds/log.js';
import { startXdsServer } from '../xds/server.js';
import { createStatusBook } from '../xds/status.js';
import { typeName } from '../xds/type-urls.js';
import { startAdminServer } from './admin-http.js';
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
}

/** A running `wsctl serve`. */
export interface ServeHandle {
  /** Bound xDS port. */
  xdsPort: number;
  /** Bound admin port. */
  adminPort: number;
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
  const cache = createSnapshotCache();
  const status = createStatusBook();
  const publisher = createPublisher(cache, log, options.allowDegraded);
  const startErrors = options.files.flatMap((file) => publisher.publish(file).errors);
  if (startErrors.length) throw new ServeStartError(`cannot serve: ${startErrors.length} error(s) in the specs:\n${startErrors.join('\n')}`);
  const xds = await startXdsServer(options.xdsHost, options.xdsPort, { cache, status, log });
  const admin = await startAdminServer(options.adminHost, options.adminPort, {
    ready: () => true,
    status: () => ({
      gateways: publisher.records(),
      nodes: status.nodes().map((n) => ({
        ...n,
        types: Object.fromEntries(Object.entries(n.types).map(([t, s]) => [typeName(t), s])),
      })),
      streams: xds.openStreams(),
    }),
  });
  const stopWatching = options.watch ? watchFiles(options.files, (file) => publisher.publish(file)) : () => {};
  log.info('serve.started', { xds: `${options.xdsHost}:${xds.port}`, admin: `${options.adminHost}:${admin.port}`, gateways: cache.groups(), watch: options.watch });
  return {
    xdsPort: xds.port,
    adminPort: admin.port,
    async stop() {
      stopWatching();
      await admin.close();
      await xds.shutdown(5_000);
      log.info('serve.stopped');
    },
  };
}
