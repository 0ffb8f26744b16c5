import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../xds/log.js';
import { ApiError } from './api-error.js';
import type { ControlPlane } from './gateways.js';
import { matchRoute } from './routes.js';
import type { TokenSet } from './tokens.js';

/** Options of the admin API. */
export interface AdminApiOptions {
  /** The API-managed gateways. */
  api: ControlPlane;
  /** Bearer tokens; without them /v1 is refused (403) and only health, /status and /metrics answer. */
  tokens?: TokenSet;
  /** The /metrics registry. */
  registry: Registry;
  /** Largest request body in bytes. */
  maxBodyBytes: number;
  log: Logger;
}

/** Largest request body by default: a bundle carries certificates and keys, not much more. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message, ...(error.diagnostics ? { diagnostics: error.diagnostics } : {}) } });
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new ApiError(413, 'too_large', `the body exceeds ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    // past the limit the rest is drained and dropped, so the 413 still reaches the client
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new ApiError(413, 'too_large', `the body exceeds ${limit} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The admin API handler for /v1/..., /metrics and (with tokens) /status; returns false for paths it does
 * not serve. With a token file every one of them needs `Authorization: Bearer TOKEN`; a refused request
 * changes nothing.
 */
export function adminApi(options: AdminApiOptions) {
  const { api, tokens, log } = options;
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const isApi = path === '/v1' || path.startsWith('/v1/');
    if (!isApi && path !== '/metrics' && path !== '/status') return false;
    if (tokens && !tokens.allows(req.headers.authorization)) {
      log.warn('admin.unauthorized', { method: req.method, path });
      res.setHeader('www-authenticate', 'Bearer realm="wsctl"');
      fail(res, new ApiError(401, 'unauthorized', 'a valid bearer token is required (Authorization: Bearer TOKEN, from the server\'s --token-file)'));
      return true;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': options.registry.contentType, 'cache-control': 'no-store' });
      res.end(await options.registry.metrics());
      return true;
    }
    if (!isApi) return false;
    if (!tokens) {
      fail(res, new ApiError(403, 'api_disabled', 'the admin API is off: start wsctl serve with --token-file to enable it'));
      return true;
    }
    const url = new URL(req.url ?? '/', 'http://admin');
    const matched = matchRoute(req.method ?? 'GET', path);
    try {
      if ('status' in matched) throw new ApiError(matched.status, matched.status === 404 ? 'not_found' : 'method_not_allowed', `${matched.status === 404 ? 'no such endpoint' : 'method not allowed'}: ${req.method} ${path} (see /v1/openapi.json)`);
      const body = matched.route.body ? await readBody(req, options.maxBodyBytes) : '';
      const answer = await matched.route.handle(api, { params: matched.params, query: url.searchParams, body });
      sendJson(res, answer.status, answer.json);
    } catch (error) {
      if (error instanceof ApiError) {
        log.info('admin.refused', { method: req.method, path, status: error.status, code: error.code });
        fail(res, error);
      } else {
        log.error('admin.failed', { method: req.method, path, error: error instanceof Error ? error.message : String(error) });
        fail(res, new ApiError(500, 'internal', error instanceof Error ? error.message : String(error)));
      }
    }
    return true;
  };
}

/** The admin API handler type (what admin-http delegates to). */
export type AdminApiHandler = ReturnType<typeof adminApi>;
