import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileFile } from '../../../src/compile/compile-file.js';
import { MANIFEST_NAME } from '../../../src/output/manifest.js';
import { replaceOutputs } from '../../../src/output/replace.js';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import { wsctlInProcess as wsctl } from '../cli/in-process.js';

const TOKEN = 'secret-token-of-the-feed-0001';

/** A spec with a public route and, unless dropped, a token-protected one (its tokens land in files of their own). */
function spec(withFeed: boolean): GatewaySpec {
  const routes: GatewaySpec['routes'] = [{ name: 'live', match: { path: '/live' }, backend: 'app' }];
  if (withFeed) routes.push({ name: 'feed', match: { path: '/feed' }, backend: 'app', auth: { bearer: { tokensFile: 'tokens.txt' } } });
  return { listeners: [{ name: 'public', port: 8080 }], routes, backends: [{ name: 'app', endpoints: [{ address: '10.0.0.1', port: 9000 }] }] };
}

/** A spec directory holding gateway.yaml (with or without the feed route) and its tokens file; returns the spec path. */
function writeSpec(dir: string, withFeed: boolean): string {
  writeFileSync(join(dir, 'tokens.txt'), `${TOKEN}\n`);
  const file = join(dir, 'gateway.yaml');
  writeFileSync(file, stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'stale' }, spec: spec(withFeed) }));
  return file;
}

function compile(file: string, out: string, target = 'all', check = false): ReturnType<typeof compileFile> {
  const result = compileFile(file, { target, outDir: out, check, allowDegraded: true });
  if (!check) expect(result.exitCode, JSON.stringify(result.diagnostics)).toBe(0);
  return result;
}

const read = (path: string): string => readFileSync(path, 'utf8');

describe('stale generated files', () => {
  it('writes a sorted manifest of each target folder, byte-identical across runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const file = writeSpec(dir, true);
    const out = join(dir, 'out');
    const first = compile(file, out);
    const manifest = read(join(out, 'haproxy', MANIFEST_NAME));
    const listed = manifest.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(listed).toEqual(first.files.filter((f) => f.path.startsWith('haproxy/')).map((f) => f.path.slice('haproxy/'.length)).sort());
    expect(listed).toContain('tokens/feed.lst');
    compile(file, out);
    expect(read(join(out, 'haproxy', MANIFEST_NAME))).toBe(manifest);
    for (const target of ['nginx', 'envoy', 'cloudflare']) expect(existsSync(join(out, target, MANIFEST_NAME))).toBe(true);
    expect(first.files.map((f) => f.path)).not.toContain(`haproxy/${MANIFEST_NAME}`);
  });

  it("deletes a removed route's token files and the directory they leave empty, and keeps the user's own files", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    compile(writeSpec(dir, true), out);
    const secrets = ['haproxy/tokens/feed.lst', 'nginx/tokens-0.map'];
    for (const path of secrets) expect(read(join(out, path))).toContain(TOKEN);
    writeFileSync(join(out, 'nginx', 'notes.txt'), 'mine\n');
    mkdirSync(join(out, 'haproxy', 'extra'));
    writeFileSync(join(out, 'haproxy', 'extra', 'local.cfg'), 'mine too\n');

    const second = compile(writeSpec(dir, false), out);
    expect(second.removed.map((p) => p.slice(out.length + 1)).sort()).toEqual(secrets);
    for (const path of secrets) expect(existsSync(join(out, path))).toBe(false);
    expect(existsSync(join(out, 'haproxy', 'tokens'))).toBe(false);
    expect(read(join(out, 'nginx', 'notes.txt'))).toBe('mine\n');
    expect(read(join(out, 'haproxy', 'extra', 'local.cfg'))).toBe('mine too\n');
    expect(read(join(out, 'haproxy', MANIFEST_NAME))).not.toContain('tokens');
    expect(compile(writeSpec(dir, false), out, 'all', true).drift).toEqual([]);
  });

  it("deletes a removed listener's key bundle and maps, and the shared locations files no server block needs any more", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    for (const name of ['server.crt', 'server.key']) copyFileSync(join('test/fixtures/tls', name), join(dir, name));
    const file = join(dir, 'gateway.yaml');
    const live: GatewaySpec['routes'][number] = { name: 'live', match: { path: '/live' }, backend: 'app' };
    const write = (body: Pick<GatewaySpec, 'listeners' | 'routes'>): void =>
      writeFileSync(file, stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'stale' }, spec: { ...body, backends: spec(false).backends } }));
    write({
      listeners: [{ name: 'public', port: 8080 }, { name: 'secure', port: 8443, tls: { certFile: 'server.crt', keyFile: 'server.key' } }],
      routes: [live, { name: 'a', match: { hosts: ['a.example.com'], path: '/a' }, backend: 'app' }],
    });
    const first = compile(file, out, 'all').files.map((f) => f.path);
    const bundle = first.find((p) => p.startsWith('haproxy/tls/'));
    expect(bundle && read(join(out, bundle))).toContain('PRIVATE KEY');
    expect(first).toContain('nginx/locations/any-host-0.conf');
    write({ listeners: [{ name: 'public', port: 8080 }], routes: [live] });
    const second = compile(file, out, 'all');
    const removed = second.removed.map((p) => p.slice(out.length + 1));
    expect(removed).toEqual(expect.arrayContaining([bundle, 'haproxy/maps/fe-secure/prefix.map', 'nginx/locations/any-host-0.conf', 'nginx/locations/any-host-1.conf']));
    expect(existsSync(join(out, 'nginx', 'locations'))).toBe(false);
    expect(existsSync(join(out, 'haproxy', 'tls'))).toBe(false);
    expect(existsSync(join(out, 'haproxy', 'maps', 'fe-secure'))).toBe(false);
    expect(removed.filter((p) => second.files.some((f) => f.path === p))).toEqual([]);
  });

  it('wsctl compile --check reports a stale file as drift, names it, exits 1 and removes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    compile(writeSpec(dir, true), out, 'nginx');
    const file = writeSpec(dir, false);
    compile(file, out, 'nginx');
    // the token map of the removed route comes back, as an older checkout or image would hold it
    writeFileSync(join(out, 'nginx', 'tokens-0.map'), `"${TOKEN}" 1;\n`);
    writeFileSync(join(out, 'nginx', MANIFEST_NAME), `${read(join(out, 'nginx', MANIFEST_NAME))}tokens-0.map\n`);
    const check = await wsctl(['compile', file, '--target', 'nginx', '--out', out, '--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('differ from the spec (stale: nginx/tokens-0.map)');
    expect(check.stdout).toContain('stale nginx/tokens-0.map');
    expect(check.stdout).not.toContain(TOKEN);
    expect(existsSync(join(out, 'nginx', 'tokens-0.map'))).toBe(true);
    const json = JSON.parse((await wsctl(['compile', file, '--target', 'nginx', '--out', out, '--check', '--json'])).stdout) as { drift: { path: string; kind: string }[] };
    expect(json.drift.map((d) => [d.path, d.kind])).toEqual([['nginx/tokens-0.map', 'stale']]);
  });

  it('counts no drift for the manifest alone: missing, or listing a file already gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    const file = writeSpec(dir, false);
    compile(file, out, 'nginx');
    writeFileSync(join(out, 'nginx', MANIFEST_NAME), `${read(join(out, 'nginx', MANIFEST_NAME))}gone.map\n`);
    expect((await wsctl(['compile', file, '--target', 'nginx', '--out', out, '--check'])).status).toBe(0);
    rmSync(join(out, 'nginx', MANIFEST_NAME));
    const check = await wsctl(['compile', file, '--target', 'nginx', '--out', out, '--check']);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('up to date');
  });

  it('deletes nothing in a folder written before manifests existed, then writes its manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    compile(writeSpec(dir, true), out, 'haproxy');
    rmSync(join(out, 'haproxy', MANIFEST_NAME));
    const second = compile(writeSpec(dir, false), out, 'haproxy');
    expect(second.removed).toEqual([]);
    expect(existsSync(join(out, 'haproxy', 'tokens', 'feed.lst'))).toBe(true);
    expect(read(join(out, 'haproxy', MANIFEST_NAME))).not.toContain('tokens');
    // from now on the folder is tracked: a route added and removed again leaves nothing behind
    compile(writeSpec(dir, true), out, 'haproxy');
    writeFileSync(join(out, 'haproxy', 'tokens', 'feed.lst'), 'regenerated\n');
    compile(writeSpec(dir, false), out, 'haproxy');
    expect(existsSync(join(out, 'haproxy', 'tokens'))).toBe(false);
  });

  it('never follows a manifest outside its folder: parent paths, absolute paths, symbolic links to other directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-stale-'));
    const out = join(dir, 'out');
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep\n');
    writeFileSync(join(dir, 'keep.txt'), 'keep\n');
    replaceOutputs(out, [{ path: 'nginx/nginx.conf', content: 'a\n' }]);
    symlinkSync(outside, join(out, 'nginx', 'link'));
    const hostile = ['../../keep.txt', '../keep.txt', join(dir, 'keep.txt'), 'link/keep.txt', './x/../../../keep.txt', 'link'];
    writeFileSync(join(out, 'nginx', MANIFEST_NAME), `nginx.conf\n${hostile.join('\n')}\n`);
    const { removed } = replaceOutputs(out, [{ path: 'nginx/nginx.conf', content: 'b\n' }]);
    // wsctl writes regular files only: a link at a listed path is not its own, so it stays too
    expect(removed).toEqual([]);
    expect(existsSync(join(out, 'nginx', 'link', 'keep.txt'))).toBe(true);
    expect(read(join(outside, 'keep.txt'))).toBe('keep\n');
    expect(read(join(dir, 'keep.txt'))).toBe('keep\n');
  });
});
