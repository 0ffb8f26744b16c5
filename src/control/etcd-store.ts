import { isRecoverableError, type Etcd3, type IKeyValue, type IWatchResponse, type Watcher } from 'etcd3';
import { readFileSync } from 'node:fs';
import { connectEtcd, isTooLarge, type EtcdTlsMaterial } from './etcd-client.js';
import type { Logger } from '../xds/log.js';
import { explainEtcdFailure, isAuthFailure } from './etcd-errors.js';
import { etcdKeys } from './etcd-keys.js';
import { EtcdPasswordFileError, readEtcdPassword, type EtcdAuthFiles } from './etcd-password.js';
import type { EtcdLocation } from './etcd-url.js';
import { KeyMirror } from './key-mirror.js';
import { StoreConflict, StoreTooLarge, StoreUnavailable } from './store-errors.js';
import { checkExpected, DEFAULT_HISTORY, nextRecord, type GatewayStore, type PutOutcome, type StoredGateway, type StoredVersion } from './store.js';

/** Options of the etcd store. */
export interface EtcdStoreOptions {
  /** Endpoints and key prefix (from --store etcd://...). */
  location: EtcdLocation;
  /** For etcds://: PEM files of the CA of etcd's certificate, and of a client certificate (etcd --client-cert-auth); read again at every reconnect. */
  tls?: { caFile: string; certFile?: string; keyFile?: string };
  /** etcd authentication: a user and the file of its password, read again at every reconnect and renewed on reload(). */
  auth?: EtcdAuthFiles;
  /** Versions kept per gateway. */
  historyLength?: number;
  log: Logger;
  /** Deadline of every etcd request in ms (default 2000). */
  timeoutMs?: number;
  /** How often etcd's reachability is checked, and reconnecting is tried while it is down, in ms (default 1000). */
  probeEveryMs?: number;
}

/** A version as the record key names it: the bundle lives under its own key. */
type VersionMeta = Omit<StoredVersion, 'bundle'>;

/** The value of a record key. */
interface RecordMeta {
  name: string;
  current: VersionMeta;
  history: VersionMeta[];
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Compare-and-swap attempts of one write before it is refused as a conflict (each lost one means another write succeeded). */
const ATTEMPTS = 8;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const text = (kv: IKeyValue): string => kv.value.toString('utf8');

function parseMeta(value: string | undefined): RecordMeta | undefined {
  if (value === undefined) return undefined;
  const meta = JSON.parse(value) as RecordMeta;
  if (typeof meta.current?.version !== 'string' || !Array.isArray(meta.history)) throw new Error('not a wsctl gateway record');
  return meta;
}

/** Reads the TLS files of the etcd connection (each reconnect reads them again: rotated files are picked up). */
function readEtcdTls(files: NonNullable<EtcdStoreOptions['tls']>): EtcdTlsMaterial {
  return { ca: readFileSync(files.caFile), ...(files.certFile && files.keyFile ? { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) } : {}) };
}

/**
 * Cancels a client's watch stream on our side when etcd did not answer the cancel request (hung): etcd3
 * keeps that stream private, and an open stream keeps the connection and the process alive. Without
 * those internals (another etcd3 version) it does nothing, and the channel keepalive ends the stream.
 */
function dropWatchStream(client: Etcd3): void {
  const internals = client as unknown as { watchManager?: { stream?: { cancel?: () => void } } };
  internals.watchManager?.stream?.cancel?.();
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Gateways kept in etcd and shared by every `wsctl serve` replica pointed at it (key layout in
 * etcd-keys.ts). Each replica mirrors the prefix (a listing, then a watch from the listing's revision)
 * and answers reads from the mirror; a write is a transaction guarded by the record's mod revision,
 * retried on a lost race, so concurrent applies through different replicas are serialized and none is
 * lost. Another replica's change reaches onRemoteChange listeners. While etcd is unreachable the mirror
 * (hence what is served) stays as it was and writes are refused (StoreUnavailable); a probe reconnects
 * with a fresh client, lists again (catching up deletions too) and watches from there.
 */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<GatewayStore> {
  const { location, log } = options;
  const keys = etcdKeys(location.prefix);
  const historyLength = options.historyLength ?? DEFAULT_HISTORY;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const probeEveryMs = options.probeEveryMs ?? 1_000;
  const where = `${location.tls ? 'etcds' : 'etcd'}://${location.hosts.map((h) => h.replace(/^https?:\/\//, '')).join(',')}${location.prefix}`;
  const mirror = new KeyMirror();
  const listeners: ((name: string) => void)[] = [];
  let client: Etcd3 | undefined;
  let watcher: Watcher | undefined;
  let unwritable: string | undefined = 'not connected to etcd yet';
  let lastFailure = '';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** Set by reload(): the next probe connects with the credentials as the files hold them now, and swaps to that client. */
  let renew = false;
  const user = options.auth?.user;

  const connect = (): Etcd3 =>
    connectEtcd(location.hosts, timeoutMs, options.tls && readEtcdTls(options.tls), options.auth && { username: options.auth.user, password: readEtcdPassword(options.auth.passwordFile) });
  const explain = (error: unknown): string => explainEtcdFailure(error, { user, root: keys.root });
  /** True when etcd refused who we are or what we may do (a new password or role fixes it, not waiting). */
  const refused = (error: unknown): boolean => isAuthFailure(error) || error instanceof EtcdPasswordFileError;

  /** The gateway as the mirror holds it; undefined when absent, unreadable or not complete yet (a bundle key missing). */
  function derive(name: string): StoredGateway | undefined {
    let meta: RecordMeta | undefined;
    try {
      meta = parseMeta(mirror.get(keys.record(name)));
    } catch {
      return undefined;
    }
    if (!meta) return undefined;
    const full = (v: VersionMeta): StoredVersion | undefined => {
      const bundle = mirror.get(keys.bundle(name, v.version));
      return bundle === undefined ? undefined : { version: v.version, appliedAt: v.appliedAt, bundle };
    };
    const current = full(meta.current);
    if (!current) return undefined;
    return { name, current, history: meta.history.map(full).filter((v): v is StoredVersion => v !== undefined) };
  }

  /** Tells listeners about the gateways behind changed keys, once each is consistent (deleted, or its record and current bundle both present). */
  function notify(changed: string[]): void {
    const names = new Set(changed.map((key) => keys.parse(key)?.name).filter((n): n is string => n !== undefined));
    for (const name of [...names].sort()) {
      const recordPresent = mirror.get(keys.record(name)) !== undefined;
      if (recordPresent && !derive(name)) continue;
      for (const listener of listeners) listener(name);
    }
  }

  function onWatch(response: IWatchResponse): void {
    const changed: string[] = [];
    let latest = 0;
    for (const event of response.events) {
      const key = event.kv.key.toString('utf8');
      const revision = Number(event.kv.mod_revision) || Number(response.header.revision);
      latest = Math.max(latest, revision);
      if (mirror.set(key, event.type === 'Put' ? text(event.kv) : null, revision)) changed.push(key);
    }
    // the watch delivers in revision order: everything up to the last event is known (a revision's events come in one response)
    if (latest > 0) mirror.settle(latest - 1);
    notify(changed);
  }

  /** Marks etcd unusable (unreachable, or refusing us): writes are refused, the mirror (what is served) is kept, the probe reconnects. */
  function down(failure: unknown): void {
    if (unwritable !== undefined || closed) return;
    unwritable = explain(failure);
    log.warn(refused(failure) ? 'store.refused' : 'store.unreachable', { store: where, reason: unwritable, serving: 'the last good snapshots; applies get 503 until etcd is back' });
    void release(client, watcher);
    client = undefined;
    watcher = undefined;
  }

  /**
   * Lets a client go: its watch is cancelled first (an open watch stream keeps the connection, and the
   * process, alive after close), within the request deadline (a hung etcd never answers the cancel).
   */
  async function release(c: Etcd3 | undefined, w: Watcher | undefined): Promise<void> {
    if (w) await withTimeout(w.cancel(), timeoutMs, 'cancelling the watch').catch(() => c && dropWatchStream(c));
    c?.close();
  }

  /**
   * Lists every key with a fresh client, checks that it may write under the prefix, watches from the
   * listing's revision, swaps the mirror's content to it, and lets the previous client (if any) go.
   */
  async function resync(): Promise<void> {
    const next = connect();
    try {
      const listing = await withTimeout(next.getAll().prefix(keys.root).exec(), timeoutMs * 2, 'listing the store');
      const revision = Number(listing.header.revision);
      // a transaction whose condition never holds writes nothing, but etcd checks the permission of its put
      await withTimeout(next.if(keys.probe, 'Version', '<', 0).then(next.put(keys.probe).value('')).commit(), timeoutMs, 'checking write permission');
      const created = await withTimeout(next.watch().prefix(keys.root).startRevision(String(revision + 1)).create(), timeoutMs, 'watching the store');
      if (closed) throw new Error('closed');
      const [previousClient, previousWatcher] = [client, watcher];
      client = next;
      watcher = created;
      void release(previousClient, previousWatcher);
      created.on('data', (response: IWatchResponse) => {
        if (watcher === created) onWatch(response);
      });
      const lost = (why: unknown) => () => {
        // a string is explained (prefixed "etcd unreachable: ") by down itself
        if (watcher === created) down(why);
      };
      created.on('disconnected', lost('the watch stream was disconnected'));
      created.on('end', lost('the watch stream ended'));
      created.on('error', (error) => lost(refused(error) ? error : `the watch stream failed: ${message(error)}`)());
      const listed = new Map(listing.kvs.map((kv) => [kv.key.toString('utf8'), { value: text(kv), revision: Number(kv.mod_revision) }]));
      const changed = mirror.replace(listed, revision);
      unwritable = undefined;
      lastFailure = '';
      log.info('store.connected', { store: where, ...(user === undefined ? {} : { user }), revision, keys: listed.size, changed: changed.length });
      notify(changed);
    } catch (error) {
      next.close();
      throw error;
    }
  }

  async function probe(): Promise<void> {
    if (closed) return;
    if (unwritable === undefined && client && renew) {
      renew = false;
      try {
        await resync();
        log.info('store.credentials_renewed', { store: where, ...(user === undefined ? {} : { user }) });
      } catch (error) {
        log.error('store.credentials_refused', { store: where, reason: explain(error), kept: 'the current connection (its credentials are re-read at the next reconnect)' });
      }
    } else if (unwritable === undefined && client) {
      try {
        await client.get(keys.probe).exec();
      } catch (error) {
        down(error);
      }
    } else {
      renew = false;
      try {
        await resync();
      } catch (error) {
        // the latest failure is the reason /readyz gives
        const why = explain(error);
        unwritable = why;
        if (why !== lastFailure) log.warn('store.reconnect_failed', { store: where, reason: why, retryEveryMs: probeEveryMs });
        lastFailure = why;
      }
    }
    if (!closed) timer = setTimeout(() => void probe(), probeEveryMs);
  }

  /** Runs an etcd request of a write; a failure of etcd itself refuses the write (and, unless the request was refused on its merits, marks etcd down). */
  async function request<T>(run: (c: Etcd3) => Promise<T>): Promise<T> {
    const c = client;
    if (unwritable !== undefined || !c) throw new StoreUnavailable(unwritable ?? 'etcd unreachable');
    try {
      return await run(c);
    } catch (error) {
      const why = message(error);
      // etcd's own request limit (--max-request-bytes), or its gRPC receive limit just above it
      if (isTooLarge(error)) throw new StoreTooLarge(`etcd refused the write as too large: ${why} (raise etcd's --max-request-bytes for larger bundles)`);
      if (refused(error)) {
        down(error);
        throw new StoreUnavailable(explain(error));
      }
      if (error instanceof Error && !isRecoverableError(error)) throw new StoreUnavailable(`etcd refused the request: ${why}`);
      down(error);
      throw new StoreUnavailable(`etcd unreachable: ${why} (the write may or may not have been applied: check the gateway's version)`);
    }
  }

  async function readRecord(name: string): Promise<{ meta: RecordMeta | undefined; modRevision: string }> {
    const found = await request((c) => c.get(keys.record(name)).exec());
    const kv = found.kvs[0];
    return { meta: kv ? parseMeta(text(kv)) : undefined, modRevision: kv ? kv.mod_revision : '0' };
  }

  await probe();

  return {
    etcd: {
      root: keys.root,
      timeoutMs,
      client: () => (unwritable === undefined ? client : undefined),
      unreachable: () => unwritable,
      entries: (prefix) => mirror.keysWith(prefix).map((key): [string, string] => [key, mirror.get(key) ?? '']),
    },
    list: () =>
      mirror
        .keysWith(`${keys.root}gateways/`)
        .map((key) => keys.parse(key)?.name)
        .filter((n): n is string => n !== undefined)
        .sort()
        .map(derive)
        .filter((g): g is StoredGateway => g !== undefined),
    get: (name) => (NAME.test(name) ? derive(name) : undefined),
    async put(name, version, conditions): Promise<PutOutcome> {
      if (!NAME.test(name)) throw new Error(`invalid gateway name ${JSON.stringify(name)}`);
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const { meta, modRevision } = await readRecord(name);
        checkExpected(name, meta?.current.version, conditions);
        if (meta?.current.version === version.version) return 'unchanged';
        const next = nextRecord(name, meta, { version: version.version, appliedAt: version.appliedAt }, historyLength);
        const kept = new Set([next.current, ...next.history].map((v) => v.version));
        const dropped = meta ? [meta.current, ...meta.history].map((v) => v.version).filter((v) => !kept.has(v)) : [];
        const value = JSON.stringify(next);
        const txn = await request((c) =>
          c
            .if(keys.record(name), 'Mod', '==', modRevision)
            .then(c.put(keys.record(name)).value(value), c.put(keys.bundle(name, version.version)).value(version.bundle), ...dropped.map((v) => c.delete().key(keys.bundle(name, v))))
            .commit(),
        );
        if (!txn.succeeded) continue;
        const revision = Number(txn.header.revision);
        mirror.set(keys.record(name), value, revision);
        mirror.set(keys.bundle(name, version.version), version.bundle, revision);
        for (const v of dropped) mirror.set(keys.bundle(name, v), null, revision);
        return 'written';
      }
      throw new StoreConflict(`gateway ${name} kept changing under ${ATTEMPTS} attempts to write it; retry`);
    },
    async delete(name) {
      if (!NAME.test(name)) return false;
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const { meta, modRevision } = await readRecord(name);
        if (!meta) return false;
        const txn = await request((c) => c.if(keys.record(name), 'Mod', '==', modRevision).then(c.delete().key(keys.record(name)), c.delete().prefix(keys.bundles(name))).commit());
        if (!txn.succeeded) continue;
        const revision = Number(txn.header.revision);
        for (const key of [keys.record(name), ...mirror.keysWith(keys.bundles(name))]) mirror.set(key, null, revision);
        return true;
      }
      throw new StoreConflict(`gateway ${name} kept changing under ${ATTEMPTS} attempts to delete it; retry`);
    },
    problems: () => [],
    unwritable: () => unwritable,
    onRemoteChange: (listener) => void listeners.push(listener),
    describe: () => where,
    ...(options.auth ? { reload: () => void (renew = true) } : {}),
    async close() {
      closed = true;
      clearTimeout(timer);
      const [c, w] = [client, watcher];
      client = undefined;
      watcher = undefined;
      await release(c, w);
    },
  };
}
