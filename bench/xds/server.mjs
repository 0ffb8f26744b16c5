// Bench server process: wsctl's xDS server (dist/) serving the bench snapshot to node.cluster "bench".
// IPC: {cmd:'change'} publishes the next generation and answers {t0}; {cmd:'stats'} answers CPU and RSS.
import { createSnapshotCache } from '../../dist/xds/cache.js';
import { silentLogger } from '../../dist/xds/log.js';
import { startXdsServer } from '../../dist/xds/server.js';
import { buildSnapshot } from '../../dist/xds/snapshot.js';
import { createStatusBook } from '../../dist/xds/status.js';
import { inputs } from './snapshot.mjs';

const cache = createSnapshotCache();
let generation = 0;
function publish() {
  const built = buildSnapshot(inputs(generation), cache.get('bench'));
  if (!built.ok) throw new Error(built.problems.join('; '));
  cache.set('bench', built.snapshot);
}
publish();
// keepalive pings would cut clients still busy setting up thousands of connections on a loaded machine
const server = await startXdsServer('127.0.0.1', 0, { cache, status: createStatusBook(), log: silentLogger, keepaliveMs: 600_000 });
process.send({ port: server.port });
process.on('message', (msg) => {
  if (msg.cmd === 'change') {
    generation += 1;
    const t0 = process.hrtime.bigint();
    publish();
    process.send({ t0: String(t0) });
  } else if (msg.cmd === 'exit') process.exit(0);
  else if (msg.cmd === 'stats') {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    process.send({ cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, streams: server.openStreams() });
  }
});
