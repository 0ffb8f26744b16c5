import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Diagnostic } from '../diag/diagnostic.js';

/** An answer of the admin API. */
export interface ApiResponse {
  /** HTTP status. */
  status: number;
  /** The JSON body. */
  json: unknown;
}

/** The refusal body of the admin API. */
export interface ApiRefusal {
  error: { code: string; message: string; diagnostics?: Diagnostic[] };
}

/** A client of a `wsctl serve` admin API. */
export interface AdminClient {
  /** Sends a request; rejects only when the server cannot be reached. */
  request(method: string, path: string, body?: string): Promise<ApiResponse>;
}

/** The token of a token file: its first token line (the file format of `wsctl serve --token-file`). */
export function readClientToken(file: string): string {
  const token = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!token) throw new Error(`${file} holds no token`);
  return token;
}

/**
 * A client of the admin API at `server` (http://… or https://…), authenticating with `token`; `ca` (PEM)
 * is trusted for an https server besides the system's CAs.
 */
export function adminClient(server: string, token: string | undefined, ca?: string): AdminClient {
  const base = new URL(server.replace(/\/+$/, ''));
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`the server URL must start with http:// or https://, not ${server}`);
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  return {
    request(method, path, body) {
      const url = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      return new Promise((resolve, reject) => {
        const req = send(url, { method, headers, ...(ca ? { ca: [...rootCertificates, ca] } : {}) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = text;
            try {
              json = JSON.parse(text);
            } catch {
              // not JSON: kept as text
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
          res.on('error', reject);
        });
        req.on('error', (error) => reject(new Error(`cannot reach the wsctl server at ${base.origin}: ${error.message}`)));
        req.end(body);
      });
    },
  };
}

/** The refusal message and diagnostics of a non-2xx answer. */
export function refusalOf(response: ApiResponse): { message: string; diagnostics: Diagnostic[] } {
  const error = (response.json as Partial<ApiRefusal>)?.error;
  return { message: `${response.status}: ${error?.message ?? String(response.json).trim()}`, diagnostics: error?.diagnostics ?? [] };
}
