/**
 * Hostile strings fed straight into the IR, past the validator: each target's own quoting layer must
 * either refuse the value (an error, never a silent drop) or keep the config's structure. The spec-level
 * sweeps (test/unit/nginx|haproxy/injection.test.ts) mostly stop at the validator; this one exercises
 * the emitters' quoting on its own, as Envoy Gateway's xds-ir tests do.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, loadGateway, lower } from '../../../src/api.js';
import type { IrGateway } from '../../../src/ir/types.js';
import { workerTable } from '../../../src/targets/cloudflare/route-table.js';
import { haproxyMapStructure, haproxyStructure, nginxStructure, workerStructure, wranglerStructure } from './config-structure.js';

const loaded = loadGateway('test/golden/valid-everything/input.yaml');
const everything = lower(loaded.bundles[0]!);
// nginx cannot health-check; everything else of the spec reaches every target
const base: IrGateway = { ...everything, backends: everything.backends.map((b) => ({ ...b, healthCheck: null })) };
// a Worker cannot check client certificates either (Cloudflare's edge does)
const workerBase: IrGateway = { ...base, listeners: base.listeners.map((l) => ({ ...l, tls: l.tls && { ...l.tls, clientCaFile: null, clientCert: 'none' as const } })) };

/** Fields whose value is file content or derived key material (they reach separate files or are checked by format). */
const SKIP = new Set(['content', 'spki', 'jwk', 'tokens', 'secret', 'n', 'e', 'x', 'y']);

type Path = (string | number)[];
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (SKIP.has(k) ? [] : stringPaths(v, [...path, k])));
  }
  return [];
}

/** Fields whose value is one of a closed set of words in the IR type (an enum): a hostile value there is a type error, not input. */
const ENUM_KEYS = new Set(['type', 'kind', 'bearer', 'minVersion', 'clientCert', 'plainHttp', 'balance', 'expect', 'format', 'sameSite', 'alg']);
const ENUMS = new RegExp(`(^|\\.)(${[...ENUM_KEYS].join('|')})$`);

/** The string at a path of the IR. */
function valueAt(ir: IrGateway, path: Path): string {
  return String(path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], ir));
}

/**
 * The IR with a hostile suffix on the value at `path` and on every other occurrence of that value, so
 * names stay consistent with their references (a route's backend, listeners and provider).
 */
function withValue(ir: IrGateway, path: Path, suffix: string): IrGateway {
  const old = valueAt(ir, path);
  const walk = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') return value === old && !SKIP.has(key) && !ENUM_KEYS.has(key) ? `${value}${suffix}` : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SKIP.has(k) ? v : walk(v, k)]));
    return value;
  };
  return walk(ir) as IrGateway;
}

const TARGETS = [
  { target: 'nginx', file: 'nginx/nginx.conf', also: 'nginx/locations/', structure: (text: string) => nginxStructure(text).map((t) => (/^[0-9]+$/.test(t) ? 'N' : t)), hostile: ['\n', ';', '{', '}', '"; } server { listen 1; #', '$var', '\\', "'"] },
  { target: 'haproxy', file: 'haproxy/haproxy.cfg', also: null, structure: haproxyStructure, hostile: ['\n', '\r\nglobal', ' if TRUE', '"', '%[env(HOME)]', '#', '\\', ' '] },
] as const;

/** Hostile values for Envoy's YAML: line breaks, quotes, a mapping indicator, template braces. */
const ENVOY_HOSTILE = ['\n- evil: "1"'];

/** Hostile values for the Worker's JSON literal and wrangler.toml: string ends, comment ends, template holes, line separators. */
const CLOUDFLARE_HOSTILE = ['"', "'", '`', '${globalThis}', '*/', '\n', '\u2028', '\\', '__proto__', '"; x = "'];

/**
 * A parsed document's shape: the same keys (map keys that carry the value are swapped back) and list
 * lengths; scalars reduced to their type, since Envoy derives some values (stat prefixes) from names.
 */
function shape(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => shape(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.split(from).join(to), shape(v, from, to)]));
  return typeof value;
}

const paths = stringPaths(base).filter((p) => !ENUMS.test(p.join('.')));

describe('hostile strings straight into the IR', () => {
  it('reach many fields of a full-featured gateway', () => {
    expect(paths.length).toBeGreaterThan(40);
  });

  it('are refused or carried as data by the envoy emitter: the YAML document keeps its shape', () => {
    const benign = compile(base, { target: 'envoy', allowDegraded: true });
    const expected = shape(parse(benign.files.find((f) => f.path === 'envoy/envoy.yaml')?.content ?? ''), '', '');
    let carried = 0;
    for (const path of paths) {
      const old = valueAt(base, path);
      for (const suffix of ENVOY_HOSTILE) {
        const result = compile(withValue(base, path, suffix), { target: 'envoy', allowDegraded: true });
        if (!result.ok) continue;
        carried += 1;
        const doc = parse(result.files.find((f) => f.path === 'envoy/envoy.yaml')?.content ?? '') as unknown;
        expect(shape(doc, `${old}${suffix}`, old), `${path.join('.')} + ${JSON.stringify(suffix)}`).toEqual(expected);
      }
    }
    expect(carried).toBeGreaterThan(0);
  }, 120_000);

  for (const { target, file, also, structure, hostile } of TARGETS) {
    it(`are refused or quoted by the ${target} emitter, never change its structure`, () => {
      const benign = compile(base, { target, allowDegraded: true });
      expect(benign.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // the config and the files it includes (nginx's shared any-host locations), in path order
      const configOf = (result: typeof benign): string =>
        result.files.filter((f) => f.path === file || (also !== null && f.path.startsWith(also))).sort((a, b) => a.path.localeCompare(b.path)).map((f) => f.content).join('\n');
      if (also !== null) expect(benign.files.some((f) => f.path.startsWith(also)), `${target}: the spec reaches ${also}`).toBe(true);
      const expected = structure(configOf(benign));
      const expectedMaps = haproxyMapStructure(benign.files);
      if (target === 'haproxy') expect(expectedMaps.length).toBeGreaterThan(2);
      let quoted = 0;
      let refused = 0;
      for (const path of paths) {
        for (const suffix of hostile) {
          const result = compile(withValue(base, path, suffix), { target, allowDegraded: true });
          if (!result.ok) {
            refused += 1;
            expect(result.diagnostics.some((d) => d.severity === 'error'), `${path.join('.')} + ${JSON.stringify(suffix)}`).toBe(true);
            continue;
          }
          quoted += 1;
          const config = configOf(result);
          expect(structure(config), `${path.join('.')} + ${JSON.stringify(suffix)}`).toEqual(expected);
          // haproxy's map files (routes, hosts, paths, policies, backends) have no quoting: same lines, same words
          expect(haproxyMapStructure(result.files), `${path.join('.')} + ${JSON.stringify(suffix)}`).toEqual(expectedMaps);
        }
      }
      // the quoting layer itself carried hostile values through, not only refusals
      expect(quoted).toBeGreaterThan(0);
      expect(quoted + refused).toBe(paths.length * hostile.length);
    }, 120_000);
  }

  it('are refused or carried as data by the cloudflare emitter: the Worker code is the fixed runtime and its table is exactly the IR\'s', () => {
    const benign = compile(workerBase, { target: 'cloudflare', allowDegraded: true });
    expect(benign.ok, JSON.stringify(benign.diagnostics)).toBe(true);
    const text = (result: typeof benign, path: string): string => result.files.find((f) => f.path === path)?.content ?? '';
    const expectedCode = workerStructure(text(benign, 'cloudflare/worker.js')).code;
    const expectedToml = wranglerStructure(text(benign, 'cloudflare/wrangler.toml'));
    let carried = 0;
    let refused = 0;
    const workerPaths = stringPaths(workerBase).filter((p) => !ENUMS.test(p.join('.')));
    for (const path of workerPaths) {
      for (const suffix of CLOUDFLARE_HOSTILE) {
        const ir = withValue(workerBase, path, suffix);
        const result = compile(ir, { target: 'cloudflare', allowDegraded: true });
        const what = `${path.join('.')} + ${JSON.stringify(suffix)}`;
        if (!result.ok) {
          refused += 1;
          expect(result.diagnostics.some((d) => d.severity === 'error'), what).toBe(true);
          continue;
        }
        carried += 1;
        const worker = workerStructure(text(result, 'cloudflare/worker.js'));
        expect(worker.code, what).toBe(expectedCode);
        expect(worker.table, what).toEqual(workerTable(ir).table);
        expect(wranglerStructure(text(result, 'cloudflare/wrangler.toml')), what).toEqual(expectedToml);
      }
    }
    expect(carried).toBeGreaterThan(0);
    expect(carried + refused).toBe(workerPaths.length * CLOUDFLARE_HOSTILE.length);
  }, 120_000);
});
