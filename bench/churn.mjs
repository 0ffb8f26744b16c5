// Churn benchmark (npm run bench:churn; not part of the test suite), issue #12: on nginx and HAProxy,
// each started by its generated run.sh, SOCKETS WebSockets echo every second while CHANGES mixed changes
// (route added, timeout changed, endpoint added, balance changed, endpoint removed, in turn) are applied
// one `wsctl reload` each, as a user would. Reports sockets dropped, echo and new-connection failures,
// reloads actually performed vs Runtime API changes, and processes and worker RSS at the end.
// HOLD_PER_CHANGE=N also opens N sockets after each change and holds them, so every reload leaves a
// generation with live sockets behind: the generation budget (limits.maxDrainingGenerations, 16) then
// closes the oldest ones, and their sockets, on purpose.
// Usage: npm run bench:churn  [SOCKETS=1000 CHANGES=100 PAUSE_MS=200 HOLD_PER_CHANGE=0 TARGETS=nginx,haproxy]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { runChurn } = await jiti.import('../test/live/reload/churn.ts');

const sockets = Number(process.env.SOCKETS ?? 1000);
const changes = Number(process.env.CHANGES ?? 100);
const pauseMs = Number(process.env.PAUSE_MS ?? 200);
const holdPerChange = Number(process.env.HOLD_PER_CHANGE ?? 0);
const targets = (process.env.TARGETS ?? 'nginx,haproxy').split(',');
const dir = mkdtempSync(join(tmpdir(), 'wsctl-churn-'));
const mib = (bytes) => (bytes / 1048576).toFixed(1);
const rows = [];
try {
  for (const target of targets) {
    const r = await runChurn({ target, dir, sockets, changes, pauseMs, holdPerChange, drainTimeout: '1h', log: (line) => console.error(line) });
    rows.push(r);
    console.error(JSON.stringify(r));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`| proxy | sockets (+ held later) | changes | dropped (+ later) | echo failures / echoes | new-connection failures | reloads (p50 / p95 ms) | Runtime API, no reload (p50 / p95 ms) | budget closures | most draining generations | processes at end | worker RSS at end | wall time |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.sockets} (+ ${r.heldLater}) | ${r.changes} | ${r.dropped} (+ ${r.droppedLater}) | ${r.echoFailures} / ${r.echoes} | ${r.newConnectionFailures} | ${r.reloads} (${r.reloadMs.p50} / ${r.reloadMs.p95}) | ${r.runtime} (${r.runtimeMs.p50} / ${r.runtimeMs.p95}) | ${r.budgetClosures} | ${r.maxDraining} | ${r.processes} | ${mib(r.rssBytes)} MiB | ${(r.durationMs / 1000).toFixed(0)} s |`);
  if (r.failed.length) console.log(`\n${r.target} failed changes: ${r.failed.join('; ')}`);
}
