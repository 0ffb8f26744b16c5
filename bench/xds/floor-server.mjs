// The client-only floor: a trivial HTTP/2 server answering every ADS stream with pre-encoded responses
// (no protocol state, no decoding beyond counting frames), so the clients' own cost is visible.
import http2 from 'node:http2';
import { discoveryTypes } from '../../dist/xds/requests.js';
import { buildSnapshot } from '../../dist/xds/snapshot.js';
import { inputs } from './snapshot.mjs';

const types = discoveryTypes();
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
const frame = (m) => {
  const out = Buffer.alloc(5 + m.length);
  out.writeUInt32BE(m.length, 1);
  out.set(m, 5);
  return out;
};
let generation = 0;
let responses;
function prepare() {
  const built = buildSnapshot(inputs(generation));
  const snapshot = built.snapshot;
  const encode = (delta, typeUrl) => {
    const resources = [...snapshot.types.get(typeUrl).resources.values()];
    if (delta) return frame(types.deltaResponse.encode(types.deltaResponse.fromObject({ system_version_info: snapshot.version, type_url: typeUrl, nonce: String(generation), resources: resources.map((r) => ({ name: r.name, version: r.version, resource: { type_url: typeUrl, value: r.body } })) })).finish());
    return frame(types.response.encode(types.response.fromObject({ version_info: snapshot.version, type_url: typeUrl, nonce: String(generation), resources: resources.map((r) => ({ type_url: typeUrl, value: r.body })) })).finish());
  };
  // the floor sends full state for both types: a lower bound for the server side, not a faithful delta
  responses = { delta: [encode(true, CDS), encode(true, EDS)], sotw: [encode(false, CDS), encode(false, EDS)] };
}
prepare();
const streams = new Set();
const server = http2.createServer();
server.on('stream', (stream, headers) => {
  const delta = headers[':path'].endsWith('DeltaAggregatedResources');
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  let requests = 0;
  let buffer = Buffer.alloc(0);
  const entry = { stream, delta };
  streams.add(entry);
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5 && buffer.length >= 5 + buffer.readUInt32BE(1)) {
      buffer = buffer.subarray(5 + buffer.readUInt32BE(1));
      requests += 1;
      // the first two requests subscribe CDS and EDS; later ones are ACKs
      if (requests <= 2) stream.write(responses[delta ? 'delta' : 'sotw'][requests - 1]);
    }
  });
  stream.on('close', () => streams.delete(entry));
  stream.on('error', () => {});
});
server.on('sessionError', () => {});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (msg) => {
  if (msg.cmd === 'change') {
    generation += 1;
    const t0 = process.hrtime.bigint();
    prepare();
    for (const { stream, delta } of streams) for (const r of responses[delta ? 'delta' : 'sotw']) stream.write(r);
    process.send({ t0: String(t0) });
  } else if (msg.cmd === 'exit') process.exit(0);
  else if (msg.cmd === 'stats') {
    const cpu = process.cpuUsage();
    process.send({ cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, streams: streams.size });
  }
});
