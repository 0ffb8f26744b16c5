import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { haproxyTarget } from '../../../src/targets/haproxy/target.js';

describe('haproxy emitter line lengths', () => {
  it('splits a route with 100 hosts over acl lines of the same name, each within 64 words', () => {
    const spec = parse(readFileSync('examples/minimal.yaml', 'utf8')) as { spec: { routes: { match: { hosts?: string[] } }[] } };
    spec.spec.routes[0]!.match.hosts = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? `*.w${i}.example.com` : `h${i}.example.com`));
    const validation = validateText('input.yaml', stringify(spec), 'examples');
    const result = compileGateway(validation.gateways[0]!, [haproxyTarget], { outDir: 'out' });
    const cfg = result.files.find((f) => f.path === 'haproxy/haproxy.cfg')!.content;
    const hostLines = cfg.split('\n').filter((l) => l.trim().startsWith('acl wsctl_r0_host '));
    expect(hostLines.length).toBeGreaterThan(2);
    expect(Math.max(...cfg.split('\n').map((l) => l.trim().split(/\s+/).length))).toBeLessThanOrEqual(64);
    expect(hostLines.join(' ')).toContain('h98.example.com');
    expect(hostLines.join(' ')).toContain('.w99.example.com');
  });
});
