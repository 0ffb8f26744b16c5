import { describe, expect, it } from 'vitest';
import { xdsResources } from '../../../src/targets/envoy/resources.js';
import { validateEnvoyResources } from '../../../src/targets/envoy/validate/index.js';
import { loadedText } from './helpers.js';

const SPEC = `apiVersion: wsctl/v1
kind: Gateway
metadata: { name: poll }
spec:
  listeners: [{ name: public, port: 8080 }]
  routes:
    - name: poll
      match: { path: /socket.io/ }
      backend: app
      websocket: { plainHttp: proxy }
      allowedOrigins: [https://app.test]
  backends: [{ name: app, endpoints: [{ address: 10.0.0.1, port: 3000 }] }]
`;

const { ir } = loadedText(SPEC, 'test/fixtures');
const xds = xdsResources(ir);
const routes = xds.routes.flatMap((c) => c.virtual_hosts.flatMap((v) => v.routes));
const principals = (name: string): unknown =>
  (routes.find((r) => r.name === name)?.typed_per_filter_config?.['envoy.filters.http.rbac'] as { rbac: { rules: { policies: Record<string, { principals: unknown[] }> } } } | undefined)?.rbac.rules.policies['poll']?.principals;

describe('the Origin rule on Envoy', () => {
  const allowed = { or_ids: { ids: [{ header: { name: 'origin', string_match: { exact: 'https://app.test' } } }] } };

  it('requires an allowed Origin on the upgrade route', () => {
    expect(principals('poll')).toEqual([allowed]);
  });

  it('lets a plain request without Origin through, and one with an allowed Origin only otherwise', () => {
    expect(principals('poll/plain-http')).toEqual([{ or_ids: { ids: [{ not_id: { header: { name: 'origin', present_match: true } } }, allowed] } }]);
  });

  it('is valid for Envoy\'s protos', () => {
    expect(validateEnvoyResources(xds)).toEqual([]);
  });
});
