import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_NAME } from '../../../src/output/manifest.js';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { makeWorkDir } from '../harness/gateway.js';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { simpleSpec, type Endpoints } from '../parity/kit.js';
import { RELOAD_TARGETS, startFixture, type ReloadFixture } from './kit.js';

const work = makeWorkDir('reload-stale');
const TOKEN = 'feed-token-that-must-not-outlive-its-route';
let certs: TestCerts;
let tokensFile = '';
const fixtures: ReloadFixture[] = [];

beforeAll(() => {
  certs = generateCerts(`${work.dir}/certs`);
  tokensFile = join(work.dir, 'tokens.txt');
  writeFileSync(tokensFile, `${TOKEN}\n`);
});
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.stop();
});
afterAll(() => work.cleanup());

/** The plain /ws route, plus a token-protected /feed route whose tokens wsctl writes to a file of their own. */
function withFeed(port: number, eps: Endpoints): GatewaySpec {
  const spec = simpleSpec(port, eps);
  return { ...spec, routes: [...spec.routes, { name: 'feed', match: { path: '/feed' }, backend: 'app', auth: { bearer: { tokensFile } } }] };
}

/** Every regular file under a folder with its content, skipping the proxy's runtime files (logs, pid, sockets). */
function contents(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && !/\.(log|pid|lock)$|^wsctl-(workers|live)\.json$/.test(name)) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe.each(RELOAD_TARGETS)('wsctl reload on %s: files of a removed route', (target) => {
  it('stay while the proxy refuses the new config (the old set exactly), and are gone after it reloads', async () => {
    const f = await startFixture(target, work.dir, 1, withFeed);
    fixtures.push(f);
    const configDir = join(f.gateway.outDir, target);
    const tokenPath = target === 'nginx' ? 'tokens-0.map' : 'tokens/feed.lst';
    expect(f.read(tokenPath)).toContain(TOKEN);
    expect(f.read(MANIFEST_NAME)).toContain(tokenPath);
    const { ws } = await mustConnect(`${f.base}/feed`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const before = contents(configDir);

    // the route goes, and the listener gets a certificate with another's key: valid to wsctl, refused by the proxy
    const plain = simpleSpec(f.port, f.endpoints);
    const refused = await f.apply({ ...plain, listeners: [{ ...plain.listeners[0]!, tls: { certFile: certs.serverCert, keyFile: certs.clientKey } }] });
    expect(refused.report.decision).toBe('refused');
    expect(refused.report.steps.map((s) => s.kind)).toEqual(['write', 'restore']);
    expect(contents(configDir)).toEqual(before);

    const removed = await f.apply(plain);
    expect(removed.report.decision, removed.report.reason).toBe('reload');
    const kinds = removed.report.steps.map((s) => s.kind).filter((k) => k !== 'budget');
    expect(kinds).toEqual(['write', 'check', 'reload', 'remove']);
    expect(removed.report.steps.find((s) => s.kind === 'remove')?.message).toContain(`${target}/${tokenPath}`);
    expect(existsSync(join(configDir, tokenPath))).toBe(false);
    expect(f.read(MANIFEST_NAME)).not.toContain('tokens');
    expect(Object.values(contents(configDir)).join('\n')).not.toContain(TOKEN);
    // the socket the removed route let in drains on the old generation; the rest serves as before
    expect((await roundTrip(ws, 'still draining')).data.toString()).toBe('still draining');
    const { ws: fresh } = await mustConnect(`${f.base}/ws`);
    expect((await roundTrip(fresh, 'after')).data.toString()).toBe('after');
    ws.terminate();
    fresh.terminate();
  });
});
