// Bench client process: opens N ADS streams to the xDS server, each on its own HTTP/2 (TCP) connection as
// real Envoys have, subscribes CDS (wildcard) and EDS (every cluster), ACKs every response, and records
// when each stream ACKed the response carrying a changed cluster. Speaks gRPC framing over node:http2 with
// the discovery messages encoded by protobufjs (the same descriptor the server uses).
// IPC with the parent: {cmd:'start'} → {ready} once every stream ACKed its first CDS and EDS;
// {cmd:'watch'} → {watching}, then {done: [ns per stream], bytes} once every stream ACKed both responses
// of the next update (times are process.hrtime, CLOCK_MONOTONIC: comparable across processes).
import http2 from 'node:http2';
import { discoveryTypes } from '../../dist/xds/requests.js';

const [host, port, countText, mode, clusterCountText, idPrefix] = process.argv.slice(2);
const count = Number(countText);
const delta = mode === 'delta';
const clusterNames = Array.from({ length: Number(clusterCountText) }, (_, i) => `cluster-${String(i).padStart(3, '0')}`);
const types = discoveryTypes();
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
const PATH = delta
  ? '/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources'
  : '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';

let bytesReceived = 0;
const EXPECTED = 2; // responses per stream per update: the changed Cluster, then its endpoints again
let watching = null; // {done: bigint[], pending: number} during a measured update
let initialAcks = 0;
let closed = 0;
const errors = {};
const resetters = [];

function frame(message) {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

function encode(req) {
  const t = delta ? types.delta : types.sotw;
  return frame(t.encode(t.fromObject(req)).finish());
}

function openStream(i) {
  const session = http2.connect(`http://${host}:${port}`);
  session.on('error', (e) => {
    errors[e.code ?? e.message] = (errors[e.code ?? e.message] ?? 0) + 1;
  });
  // a connection reset while connecting (the listen queue overflows when thousands connect at once) is
  // retried after a random backoff, as Envoy retries its xDS stream
  session.on('close', () => {
    closed += 1;
    clearTimeout(setupTimer);
    if (initial > 0) setTimeout(() => openStream(i), 200 + Math.random() * 800);
  });
  // a connection the server's full listen queue dropped silently is given up after 10 s
  const setupTimer = setTimeout(() => {
    if (initial > 0) session.destroy();
  }, 10_000);
  const stream = session.request({ ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers' });
  const node = { id: `${idPrefix}-${i}`, cluster: 'bench' };
  let buffer = Buffer.alloc(0);
  let initial = 2;
  let acksThisUpdate = 0;
  stream.on('data', (chunk) => {
    bytesReceived += chunk.length;
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    while (buffer.length >= 5) {
      const length = buffer.readUInt32BE(1);
      if (buffer.length < 5 + length) break;
      const body = buffer.subarray(5, 5 + length);
      buffer = buffer.subarray(5 + length);
      onResponse(body);
    }
  });
  stream.on('error', () => {});
  function onResponse(body) {
    if (delta) {
      const r = types.deltaResponse.decode(body);
      stream.write(encode({ type_url: r.type_url, response_nonce: r.nonce }));
      noteAck();
    } else {
      const r = types.response.decode(body);
      const names = r.type_url === EDS ? clusterNames : [];
      stream.write(encode({ type_url: r.type_url, version_info: r.version_info, response_nonce: r.nonce, resource_names: names }));
      noteAck(r.type_url);
    }
  }
  function noteAck() {
    if (initial > 0) {
      initial -= 1;
      if (initial === 0) {
        initialAcks += 1;
        if (initialAcks === count) process.send({ ready: true });
      }
    } else if (watching) {
      acksThisUpdate += 1;
      if (acksThisUpdate === EXPECTED) {
        watching.done.push(process.hrtime.bigint());
        if (watching.done.length === count) process.send({ done: watching.done.map(String), bytes: bytesReceived });
      }
    }
  }
  resetters.push(() => (acksThisUpdate = 0));
  if (delta) {
    stream.write(encode({ node, type_url: CDS, resource_names_subscribe: [] }));
    stream.write(encode({ type_url: EDS, resource_names_subscribe: clusterNames }));
  } else {
    stream.write(encode({ node, type_url: CDS, resource_names: [] }));
    stream.write(encode({ type_url: EDS, resource_names: clusterNames }));
  }
}

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    // open connections in small batches so the accept queue does not overflow
    for (let i = 0; i < count; i += 1) {
      openStream(i);
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5));
    }
  } else if (msg.cmd === 'watch') {
    for (const reset of resetters) reset();
    watching = { done: [] };
    bytesReceived = 0;
    process.send({ watching: true });
  } else if (msg.cmd === 'progress') process.send({ progress: { ready: initialAcks, closed, errors, done: watching?.done.length ?? 0 } });
  else if (msg.cmd === 'exit') process.exit(0);
});
