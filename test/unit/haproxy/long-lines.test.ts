import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { haproxyTarget } from '../../../src/targets/haproxy/target.js';

/** The minimal example with one route of 100 hosts (a third of them wildcards), compiled for haproxy. */
function compileHundredHosts(path: { path: string; pathType?: string }): Map<string, string> {
  const spec = parse(readFileSync('examples/minimal.yaml', 'utf8')) as { spec: { routes: { match: Record<string, unknown> }[] } };
  spec.spec.routes[0]!.match = { ...path, hosts: Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? `*.w${i}.example.com` : `h${i}.example.com`)) };
  const validation = validateText('input.yaml', stringify(spec), 'examples');
  const result = compileGateway(validation.gateways[0]!, [haproxyTarget], { outDir: 'out' });
  return new Map(result.files.map((f) => [f.path, f.content]));
}

const longestLine = (text: string): number => Math.max(...text.split('\n').map((l) => l.trim().split(/\s+/).length));

describe('haproxy emitter line lengths', () => {
  it('puts the 100 hosts of a prefix route in the host maps, one host per line', () => {
    const files = compileHundredHosts({ path: '/ws' });
    const hosts = files.get('haproxy/maps/fe-public/hosts.map') ?? '';
    const wildcards = files.get('haproxy/maps/fe-public/wildcards.map') ?? '';
    expect(hosts.split('\n').filter((l) => /^h\d+\.example\.com c\d+$/.test(l))).toHaveLength(66);
    expect(wildcards.split('\n').filter((l) => /^\.w\d+\.example\.com c\d+$/.test(l))).toHaveLength(34);
    expect(longestLine(files.get('haproxy/haproxy.cfg') ?? '')).toBeLessThanOrEqual(64);
  });

  it('splits the hosts of a regex route over acl lines of the same name, each within 64 words', () => {
    const cfg = compileHundredHosts({ path: '^/ws$', pathType: 'Regex' }).get('haproxy/haproxy.cfg') ?? '';
    const hostLines = cfg.split('\n').filter((l) => l.trim().startsWith('acl wsctl_r0_host '));
    expect(hostLines.length).toBeGreaterThan(2);
    expect(longestLine(cfg)).toBeLessThanOrEqual(64);
    expect(hostLines.join(' ')).toContain('h98.example.com');
    expect(hostLines.join(' ')).toContain('.w99.example.com');
  });
});
