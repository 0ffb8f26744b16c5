// Churn benchmark (npm run bench:churn; not part of the test suite), issue #12: on nginx and HAProxy,
// each started by its generated run.sh, SOCKETS WebSockets echo every second while CHANGES mixed changes
// (route added, timeout changed, endpoint added, balance changed, endpoint removed, in turn) are applied
// one `wsctl reload` each, as a user would. Reports sockets dropped, echo and new-connection failures,
// reloads actually performed vs Runtime API changes, and processes and worker RSS at the end.
// Usage: npm run bench:churn  [SOCKETS=1000 CHANGES=100 PAUSE_MS=200 TARGETS=nginx,haproxy]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { runChurn } = await jiti.import('../test/live/reload/churn.ts');

const sockets = Number(process.env.SOCKETS ?? 1000);
const changes = Number(process.env.CHANGES ?? 100);
const pauseMs = Number(process.env.PAUSE_MS ?? 200);
const targets = (process.env.TARGETS ?? 'nginx,haproxy').split(',');
const dir = mkdtempSync(join(tmpdir(), 'wsctl-churn-'));
const mib = (bytes) => (bytes / 1048576).toFixed(1);
const rows = [];
try {
  for (const target of targets) {
    const r = await runChurn({ target, dir, sockets, changes, pauseMs, drainTimeout: '1h', log: (line) => console.error(line) });
    rows.push(r);
    console.error(JSON.stringify(r));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`| proxy | sockets | changes | dropped | echo failures / echoes | new-connection failures | reloads | Runtime API (no reload) | budget closures | processes at end | draining generations | worker RSS at end | wall time |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.sockets} | ${r.changes} | ${r.dropped} | ${r.echoFailures} / ${r.echoes} | ${r.newConnectionFailures} | ${r.reloads} | ${r.runtime} | ${r.budgetClosures} | ${r.processes} | ${r.draining} | ${mib(r.rssBytes)} MiB | ${(r.durationMs / 1000).toFixed(0)} s |`);
  if (r.failed.length) console.log(`\n${r.target} failed changes: ${r.failed.join('; ')}`);
}
