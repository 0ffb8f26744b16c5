import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';

/** A WebSocket echo server standing in for an application backend. */
export interface EchoBackend {
  /** Backend id, reported by 'whoami'. */
  id: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** Headers of every upgrade request received. */
  upgrades: { url: string; headers: IncomingHttpHeaders }[];
  /** Plain (non-upgrade) HTTP requests received. */
  plainRequests: { url: string; headers: IncomingHttpHeaders }[];
  /** Sockets currently open. */
  openSockets(): number;
  /** Closes the server and every socket. */
  close(): Promise<void>;
}

/**
 * Starts an echo backend (wss:// when given a PEM certificate and key): echoes every message (text as text, binary as binary); the text message
 * 'whoami' gets a JSON reply {id, url, headers} of the upgrade request; GET /healthz answers 200.
 */
export function startEchoBackend(id: string, tls?: { certFile: string; keyFile: string }): Promise<EchoBackend> {
  const upgrades: EchoBackend['upgrades'] = [];
  const plainRequests: EchoBackend['plainRequests'] = [];
  const sockets = new Set<WebSocket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    plainRequests.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'x-backend-id': id }).end(`plain:${id}`);
  };
  // with tls: a wss:// backend, for upstream-TLS tests
  const server: Server = tls
    ? createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, onRequest)
    : createServer(onRequest);
  const wss = new WebSocketServer({ server, maxPayload: 16 * 1024 * 1024 });
  wss.on('connection', (ws, req) => {
    const info = { url: req.url ?? '', headers: req.headers };
    upgrades.push(info);
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'whoami') ws.send(JSON.stringify({ id, ...info }));
      else ws.send(data, { binary: isBinary });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        id,
        port,
        upgrades,
        plainRequests,
        openSockets: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const ws of sockets) ws.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
