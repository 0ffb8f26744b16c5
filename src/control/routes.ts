import type { ControlPlane } from './gateways.js';
import { OPENAPI } from './openapi.js';

/** A parsed request as a route handler sees it. */
export interface ApiRequest {
  /** Path parameters by name. */
  params: Record<string, string>;
  /** Query parameters. */
  query: URLSearchParams;
  /** The body, read within the size limit ('' without one). */
  body: string;
}

/** One route of the admin API; the OpenAPI document lists exactly these (a test checks both ways). */
export interface Route {
  /** HTTP method. */
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path template as in the OpenAPI document, e.g. /v1/gateways/{name}. */
  path: string;
  /** True when the route reads a body. */
  body: boolean;
  /** Answers with a status and a JSON value. */
  handle(api: ControlPlane, req: ApiRequest): { status: number; json: unknown } | Promise<{ status: number; json: unknown }>;
}

const name = (req: ApiRequest): string => req.params.name ?? '';
const ok = (json: unknown) => ({ status: 200, json });

function jsonBody(req: ApiRequest): Record<string, unknown> {
  try {
    const value = JSON.parse(req.body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Every route of the admin API under /v1. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/v1/gateways', body: false, handle: (api) => ok(api.list()) },
  { method: 'GET', path: '/v1/gateways/{name}', body: false, handle: (api, req) => ok(api.get(name(req))) },
  {
    method: 'PUT',
    path: '/v1/gateways/{name}',
    body: true,
    async handle(api, req) {
      const expectVersion = req.query.get('expectVersion') ?? undefined;
      return ok(await api.apply(name(req), req.body, { dryRun: req.query.get('dryRun') === 'true', expectVersion }));
    },
  },
  { method: 'DELETE', path: '/v1/gateways/{name}', body: false, handle: async (api, req) => ok(await api.remove(name(req))) },
  { method: 'GET', path: '/v1/gateways/{name}/status', body: false, handle: (api, req) => ok(api.status(name(req))) },
  { method: 'GET', path: '/v1/gateways/{name}/history', body: false, handle: (api, req) => ok(api.history(name(req))) },
  { method: 'POST', path: '/v1/gateways/{name}/rollback', body: true, handle: async (api, req) => ok(await api.rollback(name(req), jsonBody(req).to)) },
  { method: 'POST', path: '/v1/gateways/{name}/diff', body: true, handle: (api, req) => ok(api.diff(name(req), req.body)) },
  { method: 'GET', path: '/v1/openapi.json', body: false, handle: () => ok(OPENAPI) },
];

/** The route for a method and path, with its parameters; or why none matches (404, 405). */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { status: 404 | 405 } {
  let pathMatched = false;
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);
    const match = pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = decodeURIComponent(match[i + 1] ?? '')));
    return { route, params };
  }
  return { status: pathMatched ? 405 : 404 };
}
