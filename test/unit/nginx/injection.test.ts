import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { nginxTarget } from '../../../src/targets/nginx/target.js';
import { nginxStructure } from '../emit/config-structure.js';

const CASE_DIR = 'test/golden/nginx-features';
const base = parse(readFileSync(`${CASE_DIR}/input.yaml`, 'utf8')) as Record<string, unknown>;

/** Every hostile suffix the PITFALLS list: directive/block/comment terminators, quotes, variables, unicode. */
const HOSTILE = ['\n', '\r\nload_module /tmp/x.so;', ';', '{', '}', '#', '"', "'", '$var', '${host}', '\\', ' ', 'é', '\u2028', '"; } server { listen 1; #'];

type Leaf = { path: (string | number)[]; key: boolean };

/** Paths of every string in the spec: values, and the keys of forwardClaims (claim names reach njs). */
function stringLeaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path, key: false }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(path[path.length - 1] === 'forwardClaims' ? [{ path: [...path, k], key: true }] : []),
      ...stringLeaves(v, [...path, k]),
    ]);
  }
  return [];
}

function mutate(spec: Record<string, unknown>, leaf: Leaf, suffix: string): Record<string, unknown> {
  const copy = structuredClone(spec);
  const parent = leaf.path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
  const last = leaf.path[leaf.path.length - 1] as string | number;
  if (leaf.key) {
    parent[`${String(last)}${suffix}`] = parent[last];
    delete parent[last];
  } else parent[last] = `${String(parent[last])}${suffix}`;
  return copy;
}

/** nginx.conf reduced to its directive structure (shared with the IR-level sweep). */
const structure = nginxStructure;

function compileNginx(spec: Record<string, unknown>, file = 'input.yaml'): { ok: boolean; conf?: string; files?: string[] } {
  const validation = validateText(file, stringify(spec), CASE_DIR);
  if (!validation.ok) return { ok: false };
  const result = compileGateway(validation.gateways[0]!, [nginxTarget], { outDir: CASE_DIR, allowDegraded: true });
  if (!result.ok) return { ok: false };
  // nginx.conf and the files of shared any-host locations it includes, in path order
  const conf = result.files.filter((f) => f.path === 'nginx/nginx.conf' || f.path.startsWith('nginx/locations/')).sort((a, b) => a.path.localeCompare(b.path));
  return { ok: true, conf: conf.map((f) => f.content).join('\n'), files: result.files.map((f) => f.path) };
}

const benign = compileNginx(base);
const leaves = stringLeaves(base).filter((l) => l.path[0] !== 'apiVersion' && l.path[0] !== 'kind');

describe('nginx output is injection-proof', () => {
  it('compiles the benign feature spec', () => {
    expect(benign.ok).toBe(true);
    // the sweep covers the shared any-host locations file too
    expect(benign.files).toContain('nginx/locations/any-host-1.conf');
    expect(leaves.length).toBeGreaterThan(40);
  });

  const cases = leaves.flatMap((leaf) => HOSTILE.map((suffix) => ({ name: `${leaf.path.join('.')}${leaf.key ? ' (key)' : ''} + ${JSON.stringify(suffix)}`, leaf, suffix })));
  it.each(cases)('$name: rejected, or the same directive structure', ({ leaf, suffix }) => {
    const hostile = compileNginx(mutate(base, leaf, suffix));
    if (!hostile.ok) return;
    expect(structure(hostile.conf!)).toEqual(structure(benign.conf!));
    expect(hostile.files).toEqual(benign.files);
  });

  it('some hostile values are accepted (the regex path) and still change no structure', () => {
    const accepted = cases.filter(({ leaf, suffix }) => compileNginx(mutate(base, leaf, suffix)).ok);
    expect(accepted.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a spec file name that would break out of the header comment', () => {
    expect(compileNginx(base, 'x.yaml\nload_module evil.so;').ok).toBe(false);
  });

  it('leaves the global Handlebars HTML escaping alone (other targets use their own environments)', () => {
    expect(Handlebars.compile('{{x}}')({ x: '<"' })).toBe('&lt;&quot;');
  });
});
