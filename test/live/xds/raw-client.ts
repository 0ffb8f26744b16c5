/** A raw xDS client over a real gRPC connection (grpc-js), speaking the protocol by hand for protocol tests. */
import * as grpc from '@grpc/grpc-js';
import { discoveryTypes } from '../../../src/xds/requests.js';

/** A decoded DiscoveryResponse. */
export interface SotwReply {
  version_info: string;
  resources: { type_url: string; value: Uint8Array }[];
  type_url: string;
  nonce: string;
}

/** A decoded DeltaDiscoveryResponse. */
export interface DeltaReply {
  system_version_info: string;
  resources: { name: string; version: string; resource: { type_url: string; value: Uint8Array } }[];
  type_url: string;
  nonce: string;
  removed_resources: string[];
}

/** One open stream: send requests (proto3 field names), await replies. */
export interface RawStream<Reply> {
  send(request: Record<string, unknown>): void;
  /** The next reply, or an error after timeoutMs. */
  next(timeoutMs?: number): Promise<Reply>;
  /** Resolves with the replies that arrived within ms (expect [] for "nothing pushed"). */
  quiet(ms?: number): Promise<Reply[]>;
  /** Resolves when the server ends the stream, with its status code. */
  ended(): Promise<number>;
  close(): void;
}

const raw = (b: Buffer): Buffer => b;

/** Opens a stream on a method path, e.g. /envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources. */
export function openStream<Reply>(client: grpc.Client, path: string, delta: boolean): RawStream<Reply> {
  const types = discoveryTypes();
  const requestType = delta ? types.delta : types.sotw;
  const replyType = delta ? types.deltaResponse : types.response;
  const call = client.makeBidiStreamRequest(path, raw, raw);
  const queue: Reply[] = [];
  const waiters: ((r: Reply) => void)[] = [];
  let status: number | undefined;
  const statusWaiters: ((code: number) => void)[] = [];
  call.on('data', (bytes: Buffer) => {
    const reply = replyType.toObject(replyType.decode(bytes), { defaults: true, arrays: true }) as Reply;
    const waiter = waiters.shift();
    if (waiter) waiter(reply);
    else queue.push(reply);
  });
  call.on('status', (s: grpc.StatusObject) => {
    status = s.code;
    for (const w of statusWaiters.splice(0)) w(s.code);
  });
  call.on('error', () => {});
  return {
    send(request) {
      call.write(Buffer.from(requestType.encode(requestType.fromObject(request)).finish()));
    },
    next(timeoutMs = 5_000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error(`no xDS reply within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (r: Reply): void => {
          clearTimeout(timer);
          resolve(r);
        };
        waiters.push(done);
      });
    },
    async quiet(ms = 300) {
      await new Promise((r) => setTimeout(r, ms));
      return queue.splice(0);
    },
    ended() {
      return status !== undefined ? Promise.resolve(status) : new Promise((resolve) => statusWaiters.push(resolve));
    },
    close() {
      call.cancel();
    },
  };
}

/** A client channel to 127.0.0.1:port with raised message limits. */
export function rawClient(port: number): grpc.Client {
  return new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
}

export const ADS = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
export const DELTA_ADS = '/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources';
