/** Raw xDS nodes for control-plane tests: real gRPC streams that subscribe to a gateway and ACK (or NACK) every response. */
import type * as grpc from '@grpc/grpc-js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { ADS, DELTA_ADS, openStream, rawClient, type DeltaReply, type RawStream, type SotwReply } from '../xds/raw-client.js';

const { listener: LDS, route: RDS, cluster: CDS, endpoint: EDS } = TYPE_URLS;

/** What the test fixture's gateway needs: every cluster and listener, endpoints of app, routes of public. */
export const SUBSCRIPTIONS: readonly (readonly [string, readonly string[]])[] = [
  [CDS, []],
  [EDS, ['app']],
  [LDS, []],
  [RDS, ['public']],
];

/** A node that answers every response by itself. */
export interface AutoNode {
  /** Node id. */
  id: string;
  /** What it holds per type URL: resource name → version and encoded bytes (hex). */
  held: Map<string, Map<string, { version: string; bytes: string }>>;
  /** Responses received. */
  replies: number;
  /** Returns a NACK message for a response to reject it (type URL and whether it is the first of that type). */
  nack?: (typeUrl: string) => string | undefined;
  /** Delta nodes: wait this long before taking and ACKing a response (a slow Envoy). */
  ackDelayMs?: number;
  /** Resolves once it received at least n responses. */
  received(n: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

function autoLoop<Reply>(stream: RawStream<Reply>, node: AutoNode, onReply: (reply: Reply) => void): { stop(): void } {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      let reply: Reply;
      try {
        reply = await stream.next(500);
      } catch {
        continue;
      }
      node.replies += 1;
      onReply(reply);
    }
  })();
  return { stop: () => void (stopped = true) };
}

function nodeBase(id: string, client: grpc.Client): AutoNode {
  return {
    id,
    held: new Map(),
    replies: 0,
    async received(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (this.replies < n) {
        if (Date.now() > deadline) throw new Error(`node ${id}: ${this.replies} of ${n} responses after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => client.close(),
  };
}

/** A delta ADS node of `gateway` that ACKs every response (or NACKs the ones node.nack names). */
export function deltaNode(port: number, id: string, gateway: string, initial?: AutoNode['held']): AutoNode {
  const client = rawClient(port);
  const stream = openStream<DeltaReply>(client, DELTA_ADS, true);
  const node = nodeBase(id, client);
  const answer = (reply: DeltaReply): void => {
    const error = node.nack?.(reply.type_url);
    if (error) return stream.send({ type_url: reply.type_url, response_nonce: reply.nonce, error_detail: { code: 3, message: error } });
    const held = node.held.get(reply.type_url) ?? new Map();
    node.held.set(reply.type_url, held);
    for (const r of reply.resources) held.set(r.name, { version: r.version, bytes: Buffer.from(r.resource.value).toString('hex') });
    for (const name of reply.removed_resources) held.delete(name);
    stream.send({ type_url: reply.type_url, response_nonce: reply.nonce });
  };
  const loop = autoLoop(stream, node, (reply) => (node.ackDelayMs ? void setTimeout(() => answer(reply), node.ackDelayMs) : answer(reply)));
  for (const [type, names] of SUBSCRIPTIONS) {
    const versions = Object.fromEntries([...(initial?.get(type) ?? new Map<string, { version: string }>())].map(([n, v]) => [n, v.version]));
    stream.send({ node: { id, cluster: gateway }, type_url: type, resource_names_subscribe: [...names], initial_resource_versions: versions });
  }
  const close = node.close;
  node.close = () => {
    loop.stop();
    stream.close();
    close();
  };
  return node;
}

/** A state-of-the-world ADS node of `gateway` that ACKs every response (or NACKs the ones node.nack names). */
export function sotwNode(port: number, id: string, gateway: string): AutoNode {
  const client = rawClient(port);
  const stream = openStream<SotwReply>(client, ADS, false);
  const node = nodeBase(id, client);
  const names = new Map(SUBSCRIPTIONS);
  const acked = new Map<string, string>();
  const loop = autoLoop(stream, node, (reply) => {
    const resource_names = [...(names.get(reply.type_url) ?? [])];
    const error = node.nack?.(reply.type_url);
    if (error) return stream.send({ type_url: reply.type_url, response_nonce: reply.nonce, resource_names, version_info: acked.get(reply.type_url) ?? '', error_detail: { code: 3, message: error } });
    acked.set(reply.type_url, reply.version_info);
    stream.send({ type_url: reply.type_url, response_nonce: reply.nonce, resource_names, version_info: reply.version_info });
  });
  for (const [type, subscribed] of SUBSCRIPTIONS) stream.send({ node: { id, cluster: gateway }, type_url: type, resource_names: [...subscribed] });
  const close = node.close;
  node.close = () => {
    loop.stop();
    stream.close();
    close();
  };
  return node;
}
