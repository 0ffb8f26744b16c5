/**
 * Routes for any host next to many host names: every host's nginx server block and Envoy virtual host
 * reaches every any-host route. nginx writes those locations once (an included file); Envoy cannot
 * share a route between virtual hosts, so it warns when the copies get large.
 */
import { describe, expect, it } from 'vitest';
import { compileGateway, emitContextFor } from '../../../src/compile/compile.js';
import { lowerGateway } from '../../../src/ir/lower.js';
import { validateText } from '../../../src/spec/validate.js';
import { anyHostCopyWarnings, ENVOY_ANY_HOST_COPIES_WARN } from '../../../src/targets/envoy/any-host-copies.js';
import { nginxTarget } from '../../../src/targets/nginx/target.js';

/** `hosts` one-route hosts on /ws and `any` routes for any host (/any-N, some with an Origin list, one regex). */
function spec(hosts: number, any: number): string {
  const lines = ['apiVersion: wsctl/v1', 'kind: Gateway', 'metadata: { name: anyhost }', 'spec:', '  listeners: [{ name: public, port: 8080 }]', '  routes:'];
  for (let i = 0; i < hosts; i++) lines.push(`    - { name: tenant-${i}, match: { hosts: [t${i}.example.com], path: /ws }, backend: b }`);
  for (let i = 0; i < any; i++) lines.push(`    - { name: any-${i}, match: { path: /any-${i} }, backend: b${i % 3 === 0 ? ', allowedOrigins: [https://app.example.com]' : ''} }`);
  lines.push('    - { name: any-regex, match: { path: "^/r/[0-9]+$", pathType: Regex }, backend: b }');
  lines.push('  backends: [{ name: b, endpoints: [{ address: 127.0.0.1, port: 9000 }] }]');
  return `${lines.join('\n')}\n`;
}

function source(hosts: number, any: number) {
  const validation = validateText('anyhost.yaml', spec(hosts, any), '.');
  expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return validation.gateways[0]!;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('routes for any host next to many hosts', () => {
  it('nginx: the exact and prefix any-host locations are written once and included by each server block; regex ones stay inline', () => {
    const result = compileGateway(source(200, 200), [nginxTarget], { outDir: '.' });
    expect(result.ok).toBe(true);
    const conf = result.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
    const shared = result.files.find((f) => f.path === 'nginx/locations/any-host-0.conf')!.content;
    expect(count(shared, '\n        location ^~ ')).toBe(200);
    expect(shared).not.toContain('location ~');
    // the default server and the 200 host servers include it; each keeps its own /ws and the regex route inline
    expect(count(conf, 'include "locations/any-host-0.conf";')).toBe(201);
    expect(count(conf, 'location ~ "^/r/[0-9]+$"')).toBe(201);
    expect(count(conf, 'location ^~ "/any-')).toBe(0);
    // linear, not hosts x any-host routes (33 MiB before)
    const bytes = result.files.reduce((sum, f) => sum + f.content.length, 0);
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('nginx: a server block whose host shadows an any-host path keeps every location inline', () => {
    const text = spec(2, 3).replace('hosts: [t1.example.com], path: /ws', 'hosts: [t1.example.com], path: /any-1');
    const validation = validateText('anyhost.yaml', text, '.');
    const result = compileGateway(validation.gateways[0]!, [nginxTarget], { outDir: '.' });
    const conf = result.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
    const servers = conf.split('\n    server {').slice(1);
    const t1 = servers.find((s) => s.includes('server_name "t1.example.com";'))!;
    expect(t1).not.toContain('include "locations/');
    expect(t1).toContain('set $wsctl_route "tenant-1";');
    expect(t1).not.toContain('set $wsctl_route "any-1";');
    expect(count(t1, 'location ^~ "/any-')).toBe(3);
    const t0 = servers.find((s) => s.includes('server_name "t0.example.com";'))!;
    expect(t0).toContain('include "locations/any-host-0.conf";');
  });

  it('envoy: warns, naming the listener and the fix, when hosts x any-host routes is over the threshold', () => {
    const warn = (hosts: number, any: number) => {
      const s = source(hosts, any);
      return anyHostCopyWarnings(lowerGateway(s.bundle.gateway, s.bundle.files), emitContextFor(s, '.'));
    };
    expect(warn(100, 99)).toEqual([]);
    expect(100 * 100).toBeLessThanOrEqual(ENVOY_ANY_HOST_COPIES_WARN);
    const [warning, ...rest] = warn(101, 100);
    expect(rest).toEqual([]);
    expect(warning!.code).toBe('WS0205');
    expect(warning!.severity).toBe('warning');
    expect(warning!.message).toMatch(/listener public: 101 routes for any host .* 101 host names \(10201 route copies.*Give those routes match\.hosts/);
  });
});
