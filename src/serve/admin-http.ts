import { createServer, type Server } from 'node:http';

/** What the admin endpoints read. */
export interface AdminSource {
  /** True once every spec compiled and the xDS port is listening. */
  ready(): boolean;
  /** The /status document. */
  status(): unknown;
}

/** A running admin HTTP server. */
export interface AdminServer {
  /** The port it listens on. */
  port: number;
  /** Stops listening and closes idle connections. */
  close(): Promise<void>;
}

/** Starts the read-only admin HTTP server: GET /healthz, /readyz and /status (JSON). */
export async function startAdminServer(host: string, port: number, source: AdminSource): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (code: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') return source.ready() ? reply(200, 'ready\n') : reply(503, 'not ready\n');
    if (path === '/status') return reply(200, `${JSON.stringify(source.status(), null, 2)}\n`, 'application/json');
    return reply(404, 'not found (try /healthz, /readyz, /status)\n');
  });
  const bound = await new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      ok(typeof address === 'object' && address ? address.port : port);
    });
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
