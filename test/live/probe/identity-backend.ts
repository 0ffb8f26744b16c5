import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/** A WebSocket backend that names itself on every 101 (X-Backend-Id), and echoes unless told not to. */
export interface IdentityBackend {
  /** Port on 127.0.0.1. */
  port: number;
  /** Closes the server and every socket. */
  close(): Promise<void>;
}

/** Header the backends set on their 101: what the probe's --identity-header reads. */
export const IDENTITY_HEADER = 'X-Backend-Id';

/** Starts a backend: `echo` true echoes every message; false answers pings only (a silent feed). */
export function startIdentityBackend(id: string, echo: boolean): Promise<IdentityBackend> {
  const server = createServer((_req, res) => res.writeHead(200, { [IDENTITY_HEADER]: id }).end(id));
  const wss = new WebSocketServer({ server });
  wss.on('headers', (headers) => headers.push(`${IDENTITY_HEADER}: ${id}`));
  wss.on('connection', (ws) => {
    if (echo) ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
