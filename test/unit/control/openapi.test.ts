import { describe, expect, it } from 'vitest';
import { OPENAPI } from '../../../src/control/openapi.js';
import { matchRoute, ROUTES } from '../../../src/control/routes.js';

describe('the admin API OpenAPI document', () => {
  it('lists every route the router serves, and only those', () => {
    const served = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    const documented = Object.entries(OPENAPI.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });

  it('routes a path with a gateway name, and tells 404 from 405', () => {
    expect(matchRoute('GET', '/v1/gateways/chat/status')).toMatchObject({ route: { path: '/v1/gateways/{name}/status' }, params: { name: 'chat' } });
    expect(matchRoute('PATCH', '/v1/gateways/chat')).toEqual({ status: 405 });
    expect(matchRoute('GET', '/v1/nope')).toEqual({ status: 404 });
  });
});
