import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { WebSocketServer } from 'ws';

/** A wss:// echo backend (for upstream-TLS tests): echoes messages, 'whoami' answers {id}. */
export interface TlsEchoBackend {
  /** Backend id. */
  id: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** Closes the server and every socket. */
  close(): Promise<void>;
}

/** Starts a WebSocket echo server behind TLS with the given PEM certificate and key files. */
export function startTlsEchoBackend(id: string, certFile: string, keyFile: string): Promise<TlsEchoBackend> {
  const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'whoami') ws.send(JSON.stringify({ id, url: req.url ?? '', headers: req.headers }));
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
        close: () =>
          new Promise<void>((done) => {
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
