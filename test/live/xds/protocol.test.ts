/**
 * The xDS protocol as Envoy expects it, checked with a raw gRPC client over a real connection to the
 * server, state of the world and delta: ordering, ACK, NACK without a resend loop, stale nonces,
 * reconnects, (un)subscription, consistency, and pushes limited to what changed.
 */
import type * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotCache, type SnapshotCache } from '../../../src/xds/cache.js';
import type { Logger } from '../../../src/xds/log.js';
import { discoveryTypes } from '../../../src/xds/requests.js';
import { buildSnapshot } from '../../../src/xds/snapshot.js';
import { startXdsServer, type XdsServer } from '../../../src/xds/server.js';
import { createStatusBook, type StatusBook } from '../../../src/xds/status.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { publisher } from './gateway-fixture.js';
import { ADS, DELTA_ADS, openStream, rawClient, type DeltaReply, type RawStream, type SotwReply } from './raw-client.js';

const { listener: LDS, route: RDS, cluster: CDS, endpoint: EDS } = TYPE_URLS;

let cache: SnapshotCache;
let status: StatusBook;
let server: XdsServer;
let client: grpc.Client;
let logged: { event: string; fields: Record<string, unknown> }[];
const streams: RawStream<unknown>[] = [];

function logger(): Logger {
  const at = (event: string, fields: Record<string, unknown> = {}): void => void logged.push({ event, fields });
  return { debug: at, info: at, warn: at, error: at };
}

beforeEach(async () => {
  cache = createSnapshotCache();
  status = createStatusBook();
  logged = [];
  server = await startXdsServer('127.0.0.1', 0, { cache, status, log: logger() });
  client = rawClient(server.port);
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  client.close();
  await server.shutdown(1_000);
});

const node = (cluster = 'gw', id = 'envoy-1') => ({ id, cluster });

function sotw(): RawStream<SotwReply> {
  const s = openStream<SotwReply>(client, ADS, false);
  streams.push(s as RawStream<unknown>);
  return s;
}

function delta(): RawStream<DeltaReply> {
  const s = openStream<DeltaReply>(client, DELTA_ADS, true);
  streams.push(s as RawStream<unknown>);
  return s;
}

const ask = (type_url: string, resource_names: string[], extra: Record<string, unknown> = {}) => ({ node: node(), type_url, resource_names, ...extra });
const ack = (r: SotwReply, resource_names: string[]) => ({ type_url: r.type_url, resource_names, version_info: r.version_info, response_nonce: r.nonce });
const names = (r: DeltaReply): string[] => r.resources.map((x) => x.name);

/** Subscribes the four Envoy types over SotW ADS and ACKs the first replies. */
async function sotwSubscribed(): Promise<{ stream: RawStream<SotwReply>; replies: Map<string, SotwReply> }> {
  const stream = sotw();
  const subscriptions: [string, string[]][] = [[CDS, []], [EDS, ['app']], [LDS, []], [RDS, ['public']]];
  for (const [type, n] of subscriptions) stream.send(ask(type, n));
  const replies = new Map<string, SotwReply>();
  for (let i = 0; i < 4; i += 1) {
    const r = await stream.next();
    replies.set(r.type_url, r);
  }
  for (const [type, n] of subscriptions) stream.send(ack(replies.get(type) as SotwReply, n));
  expect(await stream.quiet(200)).toEqual([]);
  return { stream, replies };
}

async function deltaSubscribed(): Promise<{ stream: RawStream<DeltaReply>; replies: Map<string, DeltaReply> }> {
  const stream = delta();
  const subscriptions: [string, string[]][] = [[CDS, []], [EDS, ['app']], [LDS, []], [RDS, ['public']]];
  for (const [type, n] of subscriptions) stream.send({ node: node(), type_url: type, resource_names_subscribe: n });
  const replies = new Map<string, DeltaReply>();
  for (let i = 0; i < 4; i += 1) {
    const r = await stream.next();
    replies.set(r.type_url, r);
  }
  for (const r of replies.values()) stream.send({ type_url: r.type_url, response_nonce: r.nonce });
  expect(await stream.quiet(200)).toEqual([]);
  return { stream, replies };
}

describe('state of the world (ADS)', () => {
  it('pushes CDS → EDS → LDS → RDS when the gateway appears; the unknown cluster is logged once and gets nothing before', async () => {
    const stream = sotw();
    stream.send(ask(RDS, ['public']));
    stream.send(ask(LDS, []));
    stream.send(ask(EDS, ['app']));
    stream.send(ask(CDS, []));
    const other = sotw();
    other.send(ask(LDS, []));
    expect(await stream.quiet(300)).toEqual([]);
    expect(logged.filter((l) => l.event === 'xds.unknown_cluster')).toHaveLength(1);
    publisher(cache, 'gw')();
    const order = [(await stream.next()).type_url, (await stream.next()).type_url, (await stream.next()).type_url, (await stream.next()).type_url];
    expect(order).toEqual([CDS, EDS, LDS, RDS]);
  });

  it('sends full state for LDS and CDS and named resources for RDS and EDS', async () => {
    publisher(cache, 'gw')({ extra: true });
    const stream = sotw();
    stream.send(ask(CDS, []));
    expect((await stream.next()).resources).toHaveLength(2);
    stream.send(ask(EDS, ['extra']));
    expect((await stream.next()).resources).toHaveLength(1);
  });

  it('records an ACK and pushes nothing for an unchanged compile', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const { stream, replies } = await sotwSubscribed();
    expect(status.nodes()[0]?.types[CDS]?.ackedVersion).toBe(replies.get(CDS)?.version_info);
    expect(publish().changed).toBe(false);
    expect(await stream.quiet()).toEqual([]);
  });

  it('pushes only RDS after a route-only change and only EDS after an endpoint-only change', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const { stream } = await sotwSubscribed();
    publish({ path: '/chat' });
    const routes = await stream.next();
    expect(routes.type_url).toBe(RDS);
    stream.send(ack(routes, ['public']));
    expect(await stream.quiet()).toEqual([]);
    publish({ path: '/chat', endpointPort: 9001 });
    const endpoints = await stream.next();
    expect(endpoints.type_url).toBe(EDS);
    stream.send(ack(endpoints, ['app']));
    expect(await stream.quiet()).toEqual([]);
  });

  it('after a NACK keeps the error for status and does not resend the rejected version until the snapshot changes', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const stream = sotw();
    stream.send(ask(RDS, ['public']));
    const rejected = await stream.next();
    stream.send({ type_url: RDS, resource_names: ['public'], version_info: '', response_nonce: rejected.nonce, error_detail: { code: 3, message: 'route rejected' } });
    expect(await stream.quiet(500)).toEqual([]);
    const typeStatus = status.nodes()[0]?.types[RDS];
    expect(typeStatus?.lastNack).toMatchObject({ version: rejected.version_info, error: 'route rejected' });
    expect(typeStatus?.ackedVersion).toBeUndefined();
    publish({ path: '/fixed' });
    const next = await stream.next();
    expect(next.version_info).not.toBe(rejected.version_info);
  });

  it('ignores a request carrying a stale nonce', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const stream = sotw();
    stream.send(ask(RDS, ['public']));
    const first = await stream.next();
    stream.send(ack(first, ['public']));
    publish({ path: '/v2' });
    const second = await stream.next();
    stream.send({ type_url: RDS, resource_names: ['public'], version_info: '', response_nonce: first.nonce, error_detail: { code: 3, message: 'late' } });
    expect(await stream.quiet()).toEqual([]);
    expect(status.nodes()[0]?.types[RDS]?.lastNack).toBeUndefined();
    stream.send(ack(second, ['public']));
    expect(await stream.quiet()).toEqual([]);
    expect(status.nodes()[0]?.types[RDS]?.ackedVersion).toBe(second.version_info);
  });

  it('on reconnect sends nothing to a client that holds the current version, and the current state to one that does not', async () => {
    publisher(cache, 'gw')();
    const first = sotw();
    first.send(ask(CDS, []));
    const current = await first.next();
    first.close();
    const holding = sotw();
    holding.send(ask(CDS, [], { version_info: current.version_info }));
    expect(await holding.quiet()).toEqual([]);
    const behind = sotw();
    behind.send(ask(CDS, [], { version_info: 'older' }));
    expect((await behind.next()).version_info).toBe(current.version_info);
  });

  it('answers a changed subscription with the new set of names (unsubscribe)', async () => {
    publisher(cache, 'gw')({ extra: true });
    const stream = sotw();
    stream.send(ask(EDS, ['app', 'extra']));
    const both = await stream.next();
    expect(both.resources).toHaveLength(2);
    stream.send(ack(both, ['app']));
    const one = await stream.next();
    expect(one.resources).toHaveLength(1);
  });

  it('serves the per-type services too (RDS stream and Fetch)', async () => {
    publisher(cache, 'gw')();
    const rds = openStream<SotwReply>(client, '/envoy.service.route.v3.RouteDiscoveryService/StreamRoutes', false);
    streams.push(rds as RawStream<unknown>);
    rds.send({ node: node(), resource_names: ['public'] });
    const reply = await rds.next();
    expect(reply.type_url).toBe(RDS);
    expect(reply.resources).toHaveLength(1);
    const types = discoveryTypes();
    const fetched = await new Promise<Buffer>((resolve, reject) => {
      const request = Buffer.from(types.sotw.encode(types.sotw.fromObject({ node: node(), resource_names: ['public'] })).finish());
      client.makeUnaryRequest('/envoy.service.route.v3.RouteDiscoveryService/FetchRoutes', (b: Buffer) => b, (b: Buffer) => b, request, (error, value) =>
        error || !value ? reject(error ?? new Error('empty')) : resolve(value),
      );
    });
    expect(types.response.toObject(types.response.decode(fetched))).toMatchObject({ version_info: reply.version_info, type_url: RDS });
  });

  it('ends every stream with OK on graceful shutdown', async () => {
    publisher(cache, 'gw')();
    const stream = sotw();
    stream.send(ask(CDS, []));
    await stream.next();
    const ended = stream.ended();
    await server.shutdown(2_000);
    expect(await ended).toBe(0);
    server = await startXdsServer('127.0.0.1', 0, { cache, status, log: logger() });
  });
});

describe('delta (ADS)', () => {
  it('pushes CDS → EDS → LDS → RDS when the gateway appears', async () => {
    const stream = delta();
    stream.send({ node: node(), type_url: RDS, resource_names_subscribe: ['public'] });
    stream.send({ node: node(), type_url: LDS });
    stream.send({ node: node(), type_url: EDS, resource_names_subscribe: ['app'] });
    stream.send({ node: node(), type_url: CDS });
    expect(await stream.quiet(300)).toEqual([]);
    publisher(cache, 'gw')();
    const order = [(await stream.next()).type_url, (await stream.next()).type_url, (await stream.next()).type_url, (await stream.next()).type_url];
    expect(order).toEqual([CDS, EDS, LDS, RDS]);
  });

  it('records ACKs and pushes nothing for an unchanged compile', async () => {
    const publish = publisher(cache, 'gw');
    const { snapshot } = publish();
    const { stream } = await deltaSubscribed();
    expect(status.nodes()[0]?.types[CDS]?.ackedVersion).toBe(snapshot.types.get(CDS)?.version);
    expect(publish().changed).toBe(false);
    expect(await stream.quiet()).toEqual([]);
  });

  it('pushes only the changed RouteConfiguration, then only the changed ClusterLoadAssignment, with their versions', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const { stream } = await deltaSubscribed();
    const { snapshot } = publish({ path: '/chat' });
    const routes = await stream.next();
    expect([routes.type_url, names(routes)]).toEqual([RDS, ['public']]);
    expect(routes.resources[0]?.version).toBe(snapshot.types.get(RDS)?.resources.get('public')?.version);
    stream.send({ type_url: RDS, response_nonce: routes.nonce });
    publish({ path: '/chat', endpointPort: 9001 });
    const endpoints = await stream.next();
    expect([endpoints.type_url, names(endpoints)]).toEqual([EDS, ['app']]);
    stream.send({ type_url: EDS, response_nonce: endpoints.nonce });
    expect(await stream.quiet()).toEqual([]);
  });

  it('sends an added cluster alone, then its removal when the backend goes away', async () => {
    const publish = publisher(cache, 'gw');
    publish();
    const { stream } = await deltaSubscribed();
    publish({ extra: true });
    const added = await stream.quiet();
    expect(added.map((r) => [r.type_url, names(r), r.removed_resources])).toEqual([
      [CDS, ['extra'], []],
      [RDS, ['public'], []],
    ]);
    for (const r of added) stream.send({ type_url: r.type_url, response_nonce: r.nonce });
    publish();
    const removed = await stream.quiet();
    expect(removed.map((r) => [r.type_url, names(r), r.removed_resources])).toEqual([
      [CDS, [], ['extra']],
      [RDS, ['public'], []],
    ]);
  });

  it('after a NACK keeps the error and does not resend the rejected resources until they change', async () => {
    const publish = publisher(cache, 'gw');
    const { snapshot } = publish();
    const stream = delta();
    stream.send({ node: node(), type_url: RDS, resource_names_subscribe: ['public'] });
    const rejected = await stream.next();
    stream.send({ type_url: RDS, response_nonce: rejected.nonce, error_detail: { code: 3, message: 'route rejected' } });
    expect(await stream.quiet(500)).toEqual([]);
    expect(status.nodes()[0]?.types[RDS]?.lastNack).toMatchObject({ version: snapshot.types.get(RDS)?.version, error: 'route rejected' });
    publish({ path: '/fixed' });
    expect(names(await stream.next())).toEqual(['public']);
  });

  it('ignores an ACK with an unknown nonce', async () => {
    publisher(cache, 'gw')();
    const stream = delta();
    stream.send({ node: node(), type_url: CDS });
    await stream.next();
    stream.send({ type_url: CDS, response_nonce: '999', error_detail: { code: 3, message: 'stale' } });
    expect(await stream.quiet()).toEqual([]);
    expect(status.nodes()[0]?.types[CDS]?.lastNack).toBeUndefined();
  });

  it('on reconnect with initial_resource_versions sends only what changed and removes what is gone', async () => {
    const publish = publisher(cache, 'gw');
    const { snapshot } = publish({ extra: true });
    const clusters = snapshot.types.get(CDS);
    const stream = delta();
    stream.send({
      node: node(),
      type_url: CDS,
      initial_resource_versions: { app: clusters?.resources.get('app')?.version, extra: 'stale-version', gone: 'v1' },
    });
    const reply = await stream.next();
    expect(names(reply)).toEqual(['extra']);
    expect(reply.removed_resources).toEqual(['gone']);
    const upToDate = delta();
    upToDate.send({ node: node(), type_url: CDS, initial_resource_versions: { app: clusters?.resources.get('app')?.version, extra: clusters?.resources.get('extra')?.version } });
    expect(await upToDate.quiet()).toEqual([]);
  });

  it('stops sending an unsubscribed resource and sends it again on resubscribe', async () => {
    const publish = publisher(cache, 'gw');
    publish({ extra: true });
    const stream = delta();
    stream.send({ node: node(), type_url: EDS, resource_names_subscribe: ['app', 'extra'] });
    const first = await stream.next();
    stream.send({ type_url: EDS, response_nonce: first.nonce, resource_names_unsubscribe: ['extra'] });
    expect(await stream.quiet()).toEqual([]);
    publish({ extra: true, endpointPort: 9002 });
    const onlyApp = await stream.next();
    expect(names(onlyApp)).toEqual(['app']);
    stream.send({ type_url: EDS, response_nonce: onlyApp.nonce, resource_names_subscribe: ['extra'] });
    expect(names(await stream.next())).toEqual(['extra']);
  });

  it('lets a wildcard subscriber switch to explicit names', async () => {
    publisher(cache, 'gw')({ extra: true });
    const stream = delta();
    stream.send({ node: node(), type_url: CDS, resource_names_subscribe: ['*'] });
    expect(names(await stream.next())).toEqual(['app', 'extra']);
    stream.send({ type_url: CDS, resource_names_unsubscribe: ['*'], resource_names_subscribe: ['app'] });
    expect(await stream.quiet()).toEqual([]);
  });
});

describe('publishing', () => {
  it('refuses an inconsistent snapshot, so clients keep the last good one', async () => {
    const { snapshot } = publisher(cache, 'gw')();
    const built = buildSnapshot([{ typeUrl: LDS, name: 'l', body: new Uint8Array([1]), references: [{ typeUrl: RDS, name: 'missing' }] }]);
    expect(built.ok).toBe(false);
    expect(cache.get('gw')).toBe(snapshot);
  });

  it('carries responses larger than gRPC’s default 4 MiB', async () => {
    const big = new Uint8Array(6 * 1024 * 1024).fill(7);
    const built = buildSnapshot([{ typeUrl: CDS, name: 'big', body: big }]);
    if (!built.ok) throw new Error('unexpected');
    cache.set('gw', built.snapshot);
    const stream = sotw();
    stream.send(ask(CDS, []));
    expect((await stream.next(10_000)).resources[0]?.value.length).toBe(big.length);
  });
});
