import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** A raw HTTP/1.1 response: status, headers and body. */
export interface RawResponse {
  /** Status code. */
  status: number;
  /** Response headers. */
  headers: IncomingHttpHeaders;
  /** Body text. */
  body: string;
}

/** Sends one HTTP/1.1 GET with exactly the given headers (e.g. Upgrade: h2c) and reads the answer. */
export function httpGet(url: string, headers: Record<string, string | string[]> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // a 101 to an h2c upgrade would surface here: report it as a status
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
