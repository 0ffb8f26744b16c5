// A real gRPC xDS client (@grpc/grpc-js-xds) for the live xDS tests: resolves xds:///TARGET through the
// server named in GRPC_XDS_BOOTSTRAP_CONFIG, then answers each stdin line "call N" with a JSON line of
// the N replies (each backend answers its own name).
import { createInterface } from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import * as grpcXds from '@grpc/grpc-js-xds';

grpcXds.register();
const client = new grpc.Client(process.argv[2], grpc.credentials.createInsecure());
const raw = (b) => b;

function call() {
  return new Promise((resolve) => {
    client.makeUnaryRequest('/wsctl.test.Echo/Who', raw, raw, Buffer.alloc(0), { deadline: Date.now() + 3000 }, (error, value) =>
      resolve(error ? `error ${error.code}: ${error.details}` : value.toString()),
    );
  });
}

for await (const line of createInterface({ input: process.stdin })) {
  const match = /^call (\d+)$/.exec(line.trim());
  if (!match) continue;
  const replies = [];
  for (let i = 0; i < Number(match[1]); i += 1) replies.push(await call());
  process.stdout.write(`${JSON.stringify(replies)}\n`);
}
client.close();
