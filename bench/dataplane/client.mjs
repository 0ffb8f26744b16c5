// Client side of the data-plane benchmark: opening sockets, upgrade rates and echo round trips, each
// measured through a proxy and directly against the backend in the same run, interleaved.
import WebSocket from 'ws';

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Opens one WebSocket to url; resolves when the 101 arrived. */
export function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${url}: HTTP ${res.statusCode} instead of 101`)));
  });
}

/** Sends data and resolves when the echo comes back. */
export function roundTrip(ws, data) {
  return new Promise((resolve) => {
    ws.once('message', () => resolve());
    ws.send(data);
  });
}

/** Opens count sockets, at most `parallel` handshakes in flight. */
export async function openMany(url, count, parallel = 200) {
  const sockets = [];
  for (let i = 0; i < count; i += parallel) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => open(url)))));
  }
  return sockets;
}

/** Every socket echoes one message of each size, `batch` sockets at a time. */
export async function traffic(sockets, sizes, batch) {
  for (const size of sizes) {
    const payload = Buffer.alloc(size, 'x');
    for (let i = 0; i < sockets.length; i += batch) await Promise.all(sockets.slice(i, i + batch).map((ws) => roundTrip(ws, payload)));
  }
}

/** Time for `count` upgrades (open, 101, then terminate), `concurrency` in flight. */
async function upgradeBlock(url, count, concurrency) {
  const start = now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const ws = await open(url);
      ws.terminate();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return now() - start;
}

/**
 * Upgrade rate (upgrades per second) through the proxy and direct, interleaved: `rounds` rounds of a
 * block through each, the order swapped every round so that neither always runs first.
 */
export async function upgradeRates(proxyUrl, directUrl, { rounds, perBlock, concurrency }) {
  const ms = { proxy: 0, direct: 0 };
  await upgradeBlock(proxyUrl, Math.min(20, perBlock), concurrency);
  await upgradeBlock(directUrl, Math.min(20, perBlock), concurrency);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['direct', 'proxy'] : ['proxy', 'direct'];
    for (const path of order) ms[path] += await upgradeBlock(path === 'proxy' ? proxyUrl : directUrl, perBlock, concurrency);
  }
  const total = rounds * perBlock;
  return { proxy: (total / ms.proxy) * 1000, direct: (total / ms.direct) * 1000 };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Round-trip time of a small message through the proxy and direct: one socket each, alternating
 * message by message (the order swapped every message), so both see the same machine load.
 */
export async function echoLatency(proxyUrl, directUrl, { messages, size }) {
  const proxy = await open(proxyUrl);
  const direct = await open(directUrl);
  const payload = Buffer.alloc(size, 'x');
  const samples = { proxy: [], direct: [] };
  for (let i = 0; i < 200; i++) await Promise.all([roundTrip(proxy, payload), roundTrip(direct, payload)]);
  for (let i = 0; i < messages; i++) {
    const order = i % 2 ? [['direct', direct], ['proxy', proxy]] : [['proxy', proxy], ['direct', direct]];
    for (const [name, ws] of order) {
      const start = now();
      await roundTrip(ws, payload);
      samples[name].push(now() - start);
    }
  }
  proxy.terminate();
  direct.terminate();
  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return { proxy: stats(samples.proxy), direct: stats(samples.direct) };
}
