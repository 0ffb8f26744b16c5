import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

/** What the admin endpoints read. */
export interface AdminSource {
  /** Why the server is not ready (undefined: ready); asked on every GET /readyz. */
  notReady(): string | undefined;
  /** The /status document. */
  status(): unknown;
  /** Serves further paths (the admin API); resolves false for a path it does not serve. */
  handle?(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

/** A running admin HTTP server. */
export interface AdminServer {
  /** The port it listens on. */
  port: number;
  /** Replaces the HTTPS certificate and key: new connections get them (no-op on plain HTTP). */
  setTls(tls: { cert: string; key: string }): void;
  /** Stops listening and closes idle connections. */
  close(): Promise<void>;
}

/** Starts the admin HTTP server (HTTPS with `tls`): GET /healthz, /readyz and /status (JSON), and what source.handle serves. */
export async function startAdminServer(host: string, port: number, source: AdminSource, tls?: { cert: string; key: string }): Promise<AdminServer> {
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/healthz' && path !== '/readyz' && source.handle) {
      void source.handle(req, res, path).then((handled) => {
        if (!handled) builtIn(req, res, path);
      });
      return;
    }
    builtIn(req, res, path);
  };
  const secure = tls ? createTlsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, onRequest) : undefined;
  const server: Server = secure ?? createServer(onRequest);
  function builtIn(req: IncomingMessage, res: ServerResponse, path: string): void {
    const reply = (code: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') {
      const why = source.notReady();
      return why === undefined ? reply(200, 'ready\n') : reply(503, `${why}\n`);
    }
    if (path === '/status') return reply(200, `${JSON.stringify(source.status(), null, 2)}\n`, 'application/json');
    return reply(404, 'not found (try /healthz, /readyz, /status, /v1/openapi.json)\n');
  }
  const bound = await new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      ok(typeof address === 'object' && address ? address.port : port);
    });
  });
  return {
    port: bound,
    setTls: (next) => secure?.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' }),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
