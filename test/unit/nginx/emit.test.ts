import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { FEATURES } from '../../../src/targets/features.js';
import { nginxCapabilities } from '../../../src/targets/nginx/capabilities.js';
import { nginxTarget } from '../../../src/targets/nginx/target.js';

const CASE_DIR = 'test/golden/nginx-features';
type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely
const features = (): Spec => parse(readFileSync(`${CASE_DIR}/input.yaml`, 'utf8')) as Spec;

function compile(spec: Spec, allowDegraded = false) {
  const validation = validateText('input.yaml', stringify(spec), CASE_DIR);
  expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileGateway(validation.gateways[0]!, [nginxTarget], { outDir: CASE_DIR, allowDegraded });
}

function conf(spec: Spec = features()): string {
  const result = compile(spec, true);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
}

const locations = (text: string): string[] =>
  [...text.matchAll(/\n {8}location [^\n]*\{\n([\s\S]*?)\n {8}\}/g)].map((m) => m[1]!).filter((body) => body.includes('proxy_pass'));

describe('nginx emitter', () => {
  it('declares every feature in its capability table, with active health checks as "no"', () => {
    expect(Object.keys(nginxCapabilities).sort()).toEqual(Object.keys(FEATURES).sort());
    expect(nginxCapabilities['health-check-http'].level).toBe('no');
    expect(nginxCapabilities['health-check-websocket'].level).toBe('no');
  });

  it('refuses active health checks with an error naming the feature and the target', () => {
    const spec = features();
    spec.spec.backends[0].healthCheck = { path: '/healthz', expect: 'websocket' };
    const result = compile(spec, true);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(/target nginx cannot honour .*health-check-websocket.*NGINX Plus/);
  });

  it('refuses maxDuration and a separate handshakeTimeout unless degraded is allowed, then warns with the fallback', () => {
    const spec = features();
    spec.spec.routes[0].websocket = { maxDuration: '1h', handshakeTimeout: '5s' };
    expect(compile(spec).ok).toBe(false);
    const degraded = compile(spec, true);
    expect(degraded.ok).toBe(true);
    expect(degraded.diagnostics.map((d) => `${d.severity} ${d.message}`).join('\n')).toMatch(/warning .*max-duration.*instead: not enforced/);
  });

  it('gives every proxying location proxy_http_version 1.1 and the full header set, through the included proxy.conf', () => {
    const result = compile(features(), true);
    const bodies = locations(result.files.find((f) => f.path === 'nginx/nginx.conf')!.content);
    const shared = result.files.find((f) => f.path === 'nginx/proxy.conf')!.content;
    expect(bodies.length).toBeGreaterThanOrEqual(7);
    for (const body of bodies) expect(body).toContain('include "proxy.conf";');
    for (const line of [
      'proxy_http_version 1.1;',
      'proxy_set_header Host $http_host;',
      'proxy_set_header X-Real-IP $remote_addr;',
      'proxy_set_header X-Forwarded-For $remote_addr;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header Upgrade $wsctl_upgrade;',
      'proxy_set_header Connection $wsctl_connection;',
      'proxy_buffering off;',
    ]) expect(shared).toContain(`\n${line}\n`);
  });

  it('emits one Origin map and one token map per distinct list, shared by the routes that have it', () => {
    const spec = features();
    const origins = spec.spec.routes.find((r: Spec) => r.allowedOrigins).allowedOrigins;
    const bearer = spec.spec.routes.find((r: Spec) => r.auth?.bearer).auth;
    const template = spec.spec.routes[0];
    spec.spec.routes = [0, 1, 2].map((i) => ({ ...template, name: `tenant-${i}`, match: { path: `/t${i}` }, allowedOrigins: origins, auth: bearer }));
    const result = compile(spec, true);
    const text = result.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
    expect(text.match(/map \$http_origin /g)).toHaveLength(1);
    expect(text.match(/map \$http_authorization /g)).toHaveLength(1);
    expect(text.match(/if \(\$wsctl_origin_deny_0\)/g)).toHaveLength(3);
    expect(result.files.filter((f) => /tokens-\d+\.map$/.test(f.path))).toHaveLength(1);
  });

  it('uses two maps so that only "Upgrade: websocket" is forwarded', () => {
    const text = conf();
    expect(text).toMatch(/map \$http_upgrade \$wsctl_upgrade \{\n\s+default "";\n\s+"~\*\^websocket\$" websocket;\n\s+\}/);
    expect(text).toMatch(/map \$wsctl_upgrade \$wsctl_connection \{\n\s+default "";\n\s+websocket upgrade;\n\s+\}/);
    expect(text).not.toMatch(/\$http_upgrade;/);
  });

  it('maps idleTimeout onto read and send timeouts, and off onto 24 days', () => {
    const text = conf();
    expect(text).toContain('proxy_read_timeout "300s";\n            proxy_send_timeout "300s";');
    expect(text).toContain('proxy_read_timeout "2073600s";');
    expect(text).toContain('proxy_connect_timeout "2s";');
  });

  it('sizes each of its 2 workers for half of limits.maxConnections (8000) and drains for drainTimeout', () => {
    const text = conf();
    expect(text).toContain('worker_processes 2;');
    // 2 connections per socket × 4000 sockets × 8/7 slack + 16 keep-alive × 4 backends + 128 headroom
    expect(text).toContain('worker_connections 9335;');
    expect(text).toContain('worker_rlimit_nofile 9399;');
    expect(text).toContain('worker_shutdown_timeout "120s";');
  });

  it('keeps every runtime path inside the prefix, and never logs the query string', () => {
    const text = conf();
    for (const d of ['pid', 'error_log', 'access_log', 'client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path']) {
      expect(text).toMatch(new RegExp(`\\n\\s*${d} [a-z_]+[ .;]`));
    }
    expect(text).not.toContain('$request_uri');
    expect(text).not.toMatch(/\$request[ "']/);
    expect(text).not.toContain('user ');
  });

  it('turns on upstream certificate verification and SNI', () => {
    const text = conf();
    for (const line of ['proxy_ssl_verify on;', 'proxy_ssl_server_name on;', 'proxy_ssl_name "chat.internal";', 'proxy_ssl_trusted_certificate "../../../fixtures/tls/ca.crt";']) {
      expect(text).toContain(line);
    }
  });

  it('refuses upstream TLS to IP endpoints without tls.serverName (nginx verifies DNS names only)', () => {
    const spec = features();
    delete spec.spec.backends[0].tls.serverName;
    const result = compile(spec, true);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(/set tls.serverName/);
  });

  it('uses hash ... consistent, never ip_hash or sticky, and least_conn only without affinity', () => {
    const text = conf();
    expect(text).toContain('hash "$remote_addr" consistent;');
    expect(text).not.toMatch(/ip_hash|sticky|health_check/);
    const spec = features();
    delete spec.spec.backends[3].affinity;
    expect(conf(spec)).toContain('least_conn;');
  });

  it('writes secrets (token maps, the njs module with the HMAC secret) owner-only', () => {
    const result = compile(features(), true);
    const modes = Object.fromEntries(result.files.map((f) => [f.path, f.mode ?? 0o644]));
    expect(modes).toEqual({ 'nginx/locations/any-host-1.conf': 0o644, 'nginx/nginx.conf': 0o644, 'nginx/proxy.conf': 0o644, 'nginx/run.sh': 0o755, 'nginx/tokens-0.map': 0o600, 'nginx/wsctl.js': 0o600 });
  });

  it('converts the JWKS to SPKI for njs and embeds no private material', () => {
    const module = compile(features(), true).files.find((f) => f.path === 'nginx/wsctl.js')!.content;
    expect(module).toMatch(/"spki": "MI[A-Za-z0-9+/=]+"/);
    expect(module).not.toMatch(/"d":/);
    expect(module).toContain('"issuer": "https://auth.example.com"');
  });

  it('adds no njs module when no route needs JWT, Origin checks or cookie affinity', () => {
    const spec = features();
    spec.spec.routes = [spec.spec.routes[2]];
    spec.spec.backends = spec.spec.backends.filter((b: Spec) => b.affinity?.type !== 'cookie');
    const result = compile(spec, true);
    expect(result.files.map((f) => f.path)).toEqual(['nginx/nginx.conf', 'nginx/proxy.conf', 'nginx/run.sh', 'nginx/tokens-0.map']);
    expect(result.files[0]!.content).not.toContain('load_module');
  });

  it('keeps every limit_conn number within the 65535 nginx accepts, warning for limits above it', () => {
    const spec = features();
    spec.spec.limits = { ...(spec.spec.limits ?? {}), maxConnections: 1_000_000 };
    spec.spec.backends[0].maxConnections = 70_000;
    spec.spec.routes[0].rateLimit = { connectionsPerClient: 65_536 };
    const result = compile(spec, true);
    const text = result.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
    const numbers = [...text.matchAll(/limit_conn \S+ (\d+);/g)].map((m) => Number(m[1]));
    expect(numbers.every((n) => n <= 65_535)).toBe(true);
    expect(text).not.toContain('limit_conn wsctl_gateway');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message).join('\n');
    expect(warnings).toMatch(/limits.maxConnections 1000000 is above the 65535/);
    expect(warnings).toMatch(/maxConnections of backend \S+ 70000/);
    expect(warnings).toMatch(/connectionsPerClient of route \S+ 65536/);
  });

  it('warns at compile time when a worker needs more fds than a typical host gives (65536), and not below', () => {
    const fdWarning = (max: number): string[] => {
      const spec = features();
      spec.spec.limits = { ...(spec.spec.limits ?? {}), maxConnections: max };
      return compile(spec, true).diagnostics.filter((d) => d.code === 'WS0205').map((d) => d.message);
    };
    // 2 workers × 28,000 sockets: 64,000 + 192 slots + 64 fds per worker
    expect(fdWarning(56_000)).toEqual([]);
    expect(fdWarning(60_000)[0]).toMatch(/limits.maxConnections 60000 needs 68\d{3} file descriptors in each of nginx's 2 workers, more than the 65536/);
  });

  it('writes run.sh: the fd check with the same number as worker_rlimit_nofile, then nginx in the foreground', () => {
    const result = compile(features(), true);
    const script = result.files.find((f) => f.path === 'nginx/run.sh')!.content;
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toContain('need=9399\n');
    expect(script).toContain('unset NGINX');
    expect(script).toMatch(/exec "\$bin" -p "\$dir" -c nginx.conf -g 'daemon off;' "\$@"\n$/);
  });

  it('sizes each upstream zone for its endpoints (a fixed 64k zone ran out at about 70)', () => {
    const spec = features();
    spec.spec.backends[0].endpoints = Array.from({ length: 1000 }, (_, i) => ({ address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 9000 }));
    const text = conf(spec);
    expect(text).toMatch(/zone "?wsctl_upstream_0"? "?3008k"?;/);
    expect(text).toMatch(/zone "?wsctl_upstream_1"? "?64k"?;/);
  });
});
