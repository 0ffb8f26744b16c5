import { readFileSync } from 'node:fs';
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

/** A client of the admin API at `server` (e.g. http://127.0.0.1:18001), authenticating with `token`. */
export function adminClient(server: string, token: string | undefined): AdminClient {
  const base = server.replace(/\/+$/, '');
  return {
    async request(method, path, body) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body,
        });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new Error(`cannot reach the wsctl server at ${base}: ${cause ?? (error instanceof Error ? error.message : String(error))}`);
      }
      const text = await response.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: response.status, json };
    },
  };
}

/** The refusal message and diagnostics of a non-2xx answer. */
export function refusalOf(response: ApiResponse): { message: string; diagnostics: Diagnostic[] } {
  const error = (response.json as Partial<ApiRefusal>)?.error;
  return { message: `${response.status}: ${error?.message ?? String(response.json).trim()}`, diagnostics: error?.diagnostics ?? [] };
}
