// Writes the data-plane section of bench/RESULTS.md (replacing the previous one, other sections intact).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const HEADING = '## Data plane through the generated configs (`npm run bench:dataplane`)';
const FULL_HEADING = '## Data plane at the fd limit (`FULL=1 npm run bench:dataplane`)';
const goals = { nginx: 16, haproxy: 8 };
const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const int = (n) => Math.round(n).toLocaleString('en-US');
const ratio = (a, b) => f2(a / b);
const us = (ms) => Math.round(ms * 1000).toLocaleString('en-US');

function row(r) {
  const goal = goals[r.target] ? ` (≤ ${goals[r.target]})` : '';
  const { sequential: s, concurrent: c } = r.upgrades;
  return [
    r.target,
    `${int(r.held)}${r.held < r.sockets ? ` of ${int(r.sockets)}` : ''}`,
    f1(r.kibPerSocket.idle),
    `${f1(r.kibPerSocket.after)}${goal}`,
    `${int(s.proxy)} / ${int(s.direct)} (**${ratio(s.proxy, s.direct)}×**)`,
    `${int(c.proxy)} / ${int(c.direct)} (${ratio(c.proxy, c.direct)}×)`,
    `${us(r.echo.proxy.p50)} / ${us(r.echo.direct.p50)} (**${ratio(r.echo.proxy.p50, r.echo.direct.p50)}×**)`,
    `${us(r.echo.proxy.p99)} / ${us(r.echo.direct.p99)} (${ratio(r.echo.proxy.p99, r.echo.direct.p99)}×)`,
  ].join(' | ')
    .replace(/^/, '| ')
    .replace(/$/, ' |');
}

/** The markdown section for one run. */
export function section(run) {
  const { options: o, versions: v } = run;
  const load = (l) => l.map((x) => x.toFixed(1)).join(' / ');
  const quiet = Math.max(...run.loadBefore, ...run.loadAfter) < 2;
  const lines = [
    run.full ? FULL_HEADING : HEADING,
    '',
    ...(run.full ? fullMethod(run) : method(run)),
    '',
    `### ${run.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, ${quiet ? 'quiet' : 'shared with other work'}`,
    '',
    quiet
      ? `Nothing else ran on this ${cpus().length}-core machine (load average`
      : `This machine is a loaded ${cpus().length}-core box shared with other agents running their test suites (load average`,
    `${load(run.loadBefore)} before, ${load(run.loadAfter)} after, 1/5/15 min)${quiet ? '' : ', so every figure is noisy'}; the proxy / direct ratios`,
    `from interleaved measurements are the figures to compare. nginx ${v.nginx}, HAProxy ${v.haproxy}${v.envoy ? `, Envoy ${v.envoy}` : ''}, Node ${v.node};`,
    `hard fd limit ${int(run.hardLimit)}; ${run.full ? 'sockets: as many as each target\'s run.sh sizes for under that limit (FULL=1)' : `${int(o.sockets)} sockets per target (FULL=1 holds as many as the fd limit allows)`}.`,
    ...(run.note ? ['', run.note] : []),
    '',
    '| target | sockets held | KiB/socket idle | KiB/socket after traffic (goal) | upgrades/s one at a time: proxy / direct | upgrades/s concurrent: proxy / direct | echo p50 µs: proxy / direct (goal ≤ 1.3×) | echo p99 µs: proxy / direct |',
    '|---|---|---|---|---|---|---|---|',
    ...run.results.map(row),
  ];
  const experiments = run.results.filter((r) => r.experiment.length);
  if (experiments.length) {
    lines.push('', 'Config edits for this run (not generated):');
    for (const r of experiments) lines.push(`- ${r.target}: ${r.experiment.map((e) => `\`${e}\``).join(', ')}`);
  }
  const failed = run.results.filter((r) => r.openError);
  for (const r of failed) lines.push('', `${r.target}: opening sockets stopped at ${r.held}: ${r.openError}`);
  return `${lines.join('\n')}\n`;
}

/** How the figures are taken (the full section's text points here). */
function method(run) {
  const { options: o } = run;
  return [
    `What it measures (bench/dataplane/): each target compiled from a one-route ${o.plainHttp === 'reject' ? 'WebSocket-only spec (plainHttp: reject)' : 'spec with plainHttp: proxy'} and started`,
    'by its generated `run.sh`, in front of a `ws` echo server on 127.0.0.1 (a separate Node process); the client',
    'is a third process. **tcp-floor** is not a wsctl config: HAProxy in `mode tcp` relaying bytes to the same',
    'backend (no HTTP parsing, no rules, no log; bench/dataplane/proxy.mjs), i.e. what one proxy hop costs on',
    'this machine whatever the proxy does.',
    '- **KiB/socket**: growth of the proxy\'s memory over its baseline (Pss summed over every proxy process,',
    '  from /proc: master and workers for nginx and HAProxy, one process for Envoy) divided by the sockets held,',
    `  with every socket idle, then idle again after each socket echoed ${o.sizes.join(' B, ')} B (${o.batch} sockets at a time);`,
    '- **upgrades/s**: open a WebSocket (until the 101), then drop it; one at a time, and',
    `  ${o.concurrency} in flight; through the proxy and direct to the echo server, alternating blocks (${o.rounds} rounds,`,
    '  order swapped each round);',
    `- **echo**: round trip of a 32-byte message on one socket through the proxy and one direct, alternating`,
    `  message by message (${int(o.messages)} each); microseconds.`,
    'Ratios are proxy / direct measured in the same run: those are the figures to compare; absolute values',
    'move with the machine\'s load. Goals (issue #8): nginx ≤ 16 KiB and HAProxy ≤ 8 KiB per socket after',
    'traffic, upgrade rate ≥ 0.7× direct, echo p50 ≤ 1.3× direct.',
  ];
}

/** The fd-limit run: same method, sizing from the host. */
function fullMethod(run) {
  return [
    'The same measurements as the section above, with as many sockets held as each target\'s generated `run.sh`',
    `accepts under the host's hard fd limit (${int(run.hardLimit)}): nginx sized for 2 workers (docs/nginx.md), HAProxy`,
    'one process (2 × maxconn + 64 fds), Envoy one process (2 fds a socket and 512 spare). Client and echo server',
    'each hold as many sockets in their own process.',
  ];
}

/** Earlier runs kept below the newest one (their `### ` subsections), so a quiet and a loaded run stay side by side. */
const KEEP_EARLIER = 2;

/** Replaces (or appends) the data-plane section of the results file; the newest run first, then up to two earlier ones. */
export function writeResults(file, run) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const heading = run.full ? FULL_HEADING : HEADING;
  const start = text.indexOf(heading);
  let next;
  if (start < 0) next = `${text.trimEnd()}\n\n${section(run)}`;
  else {
    const after = text.indexOf('\n## ', start + heading.length);
    const old = text.slice(start, after < 0 ? text.length : after + 1);
    const earlier = old.split(/\n(?=### )/).slice(1).slice(0, KEEP_EARLIER).map((s) => s.trimEnd());
    const kept = earlier.length ? `\n${earlier.join('\n\n')}\n` : '';
    next = `${text.slice(0, start)}${section(run)}${kept}${after < 0 ? '' : `\n${text.slice(after + 1)}`}`;
  }
  writeFileSync(file, next);
}
