import { createHash } from 'node:crypto';
import { bundleVersion, parseBundle, serializeBundle } from '../bundle/bundle.js';
import type { GatewayBundle } from '../bundle/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasErrors } from '../diag/diagnostic.js';
import { validateBundle } from '../spec/validate.js';
import type { SnapshotCache } from '../xds/cache.js';
import { gatewaySnapshot } from '../xds/gateway-snapshot.js';
import type { Logger } from '../xds/log.js';
import type { Snapshot } from '../xds/snapshot.js';
import type { StatusBook } from '../xds/status.js';
import { typeName } from '../xds/type-urls.js';
import { ApiError } from './api-error.js';
import { diffSnapshots, type SnapshotDiff } from './diff.js';
import type { FleetView } from './fleet-view.js';
import type { ControlMetrics } from './metrics.js';
import { gatewayRollout, type GatewayRollout } from './rollout.js';
import { StoreConflict, StoreTooLarge, StoreUnavailable } from './store-errors.js';
import type { GatewayStore, PutOptions, StoredGateway, StoredVersion } from './store.js';

/** A gateway as the API shows it: spec, file digests and versions, never file contents. */
export interface GatewayView {
  /** Gateway name. */
  name: string;
  /** Bundle version (content hash of the bundle): what expectVersion and rollback name. */
  version: string;
  /** Version of the xDS snapshot served for it. */
  snapshotVersion: string | null;
  /** When this version was applied. */
  appliedAt: string;
  /** The gateway spec. */
  spec: unknown;
  /** Referenced files: SHA-256 and size, not their contents (they hold keys and secrets). */
  files: Record<string, { sha256: string; bytes: number }>;
  /** Per resource type: version and resource count. */
  types: Record<string, { version: string; resources: number }>;
}

/** Options of the API-managed gateways. */
export interface ControlPlaneOptions {
  store: GatewayStore;
  cache: SnapshotCache;
  status: StatusBook;
  log: Logger;
  metrics: ControlMetrics;
  /** Accept degraded features with a warning. */
  allowDegraded: boolean;
  /** The spec file that declares a gateway, if one does (such gateways are not API-managed). */
  specOwner(name: string): string | undefined;
  /** With several replicas (--store etcd://): every replica's nodes; status, --wait and the node counts then cover the fleet. */
  fleet?: FleetView;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new ApiError(404, 'not_found', `no gateway ${JSON.stringify(name)} (names are DNS labels)`);
}

function digests(bundle: GatewayBundle): GatewayView['files'] {
  const out: GatewayView['files'] = {};
  for (const [ref, text] of Object.entries(bundle.files)) out[ref] = { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
  return out;
}

function typesOf(snapshot: Snapshot | undefined): GatewayView['types'] {
  const out: GatewayView['types'] = {};
  for (const t of snapshot?.types.values() ?? []) out[typeName(t.typeUrl)] = { version: t.version, resources: t.resources.size };
  return out;
}

/** The gateways managed through the admin API: apply, delete, rollback, diff, status, over a store and the snapshot cache. */
export function createControlPlane(options: ControlPlaneOptions) {
  const { store, cache, log, metrics } = options;
  /** The bundle version whose snapshot is served, per API-managed gateway. */
  const served = new Map<string, string>();
  /** Rollouts being measured: the snapshot version, when it was applied, the last ACK since. */
  const rollouts = new Map<string, { version: string; started: bigint; lastAck?: bigint }>();
  let checkTimer: NodeJS.Timeout | undefined;

  /** Validates and compiles a bundle: the snapshot, or 422 with the diagnostics of `wsctl validate`. */
  function compile(bundle: GatewayBundle): { snapshot: Snapshot; warnings: Diagnostic[] } {
    const validation = validateBundle(bundle);
    const source = validation.gateways[0];
    if (!validation.ok || !source) throw new ApiError(422, 'invalid', 'the gateway spec is invalid', validation.diagnostics);
    const compiled = gatewaySnapshot(source, { allowDegraded: options.allowDegraded, previous: (g) => cache.get(g) });
    if (!compiled.snapshot || hasErrors(compiled.diagnostics)) throw new ApiError(422, 'invalid', 'the gateway cannot be served', compiled.diagnostics);
    return { snapshot: compiled.snapshot, warnings: compiled.diagnostics };
  }

  function view(record: StoredGateway): GatewayView {
    const bundle = parseBundle(record.current.bundle);
    const snapshot = cache.get(record.name);
    return {
      name: record.name,
      version: record.current.version,
      snapshotVersion: snapshot?.version ?? null,
      appliedAt: record.current.appliedAt,
      spec: bundle.gateway,
      files: digests(bundle),
      types: typesOf(snapshot),
    };
  }

  function owned(name: string): StoredGateway {
    checkName(name);
    const owner = options.specOwner(name);
    if (owner) throw new ApiError(409, 'spec_owned', `gateway ${name} is declared by the spec file ${owner} given to wsctl serve --spec; edit that file instead`);
    const record = store.get(name);
    if (!record) throw new ApiError(404, 'not_found', `no gateway ${name}`);
    return record;
  }

  function connectedNodes(name: string): number {
    return options.status.nodes().filter((n) => n.group === name && n.streams > 0).length;
  }

  /** Nodes of the gateway connected to any replica (this one's only without a fleet). */
  function fleetNodes(name: string): number {
    return options.fleet ? options.fleet.read().nodes.filter((n) => n.group === name).length : connectedNodes(name);
  }

  /** Parses a request body as a bundle of the gateway named in the path. */
  function bundleOf(name: string, body: string): GatewayBundle {
    checkName(name);
    let bundle: GatewayBundle;
    try {
      bundle = parseBundle(body);
    } catch (error) {
      throw new ApiError(400, 'bad_bundle', error instanceof Error ? error.message : String(error));
    }
    const declared = (bundle.gateway as { metadata?: { name?: unknown } }).metadata?.name;
    if (declared !== name) throw new ApiError(400, 'name_mismatch', `the path names gateway ${name} but the bundle's metadata.name is ${JSON.stringify(declared)}`);
    return bundle;
  }

  /** Completes the measurement of every rollout whose nodes all ACKed (run shortly after ACKs, and before a new apply replaces one). */
  function settleRollouts(): void {
    clearTimeout(checkTimer);
    checkTimer = undefined;
    const nodes = options.status.nodes();
    for (const [name, rollout] of [...rollouts]) {
      if (rollout.lastAck === undefined) continue;
      const now = gatewayRollout(name, cache.get(name), nodes);
      if (now.snapshotVersion !== rollout.version || !now.converged) continue;
      rollouts.delete(name);
      metrics.rolledOut(Number(rollout.lastAck - rollout.started) / 1e9);
    }
  }

  /** Runs a store write; its refusals become API errors (409 conflict, 503 store unavailable). */
  async function write<T>(operation: string, action: () => Promise<T>): Promise<T> {
    const why = store.unwritable();
    if (why) throw new ApiError(503, 'store_unavailable', `the store cannot take writes now (${why}); what is served keeps serving, retry later`);
    try {
      return await action();
    } catch (error) {
      if (error instanceof StoreConflict) throw new ApiError(409, 'conflict', error.message);
      if (error instanceof StoreTooLarge) throw new ApiError(413, 'too_large', error.message);
      if (error instanceof StoreUnavailable) throw new ApiError(503, 'store_unavailable', `${error.message}; what is served keeps serving, retry later`);
      log.error('store.write_failed', { operation, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  /** Serves a compiled version of a gateway (unless the store already holds a newer one, served by then). */
  function serve(name: string, version: string, snapshot: Snapshot, origin: 'applied' | 'synced'): void {
    if (store.get(name)?.current.version !== version) return;
    served.set(name, version);
    if (checkTimer) settleRollouts();
    // a rollout is measured, push included, when nodes are connected to take it (none: nothing to wait for)
    const started = process.hrtime.bigint();
    if (cache.set(name, snapshot) && connectedNodes(name) > 0) rollouts.set(name, { version: snapshot.version, started });
    else rollouts.delete(name);
    log.info(origin === 'applied' ? 'gateway.applied' : 'gateway.synced', { gateway: name, version, snapshot: snapshot.version });
  }

  /** Stores a version, then serves it (a refused or failed write serves nothing new). */
  async function publish(name: string, version: StoredVersion, snapshot: Snapshot, conditions?: PutOptions): Promise<'written' | 'unchanged'> {
    const outcome = await write('put', () => store.put(name, version, conditions));
    if (outcome === 'written') serve(name, version.version, snapshot, 'applied');
    return outcome;
  }

  /** Follows a change another replica made to the shared store: serves the new current version, or stops serving a deleted gateway. */
  function sync(name: string): void {
    if (options.specOwner(name)) return;
    const record = store.get(name);
    if (!record) {
      if (!served.delete(name)) return;
      cache.delete(name);
      rollouts.delete(name);
      log.info('gateway.deleted', { gateway: name, by: 'another replica' });
      return;
    }
    if (served.get(name) === record.current.version) return;
    try {
      serve(name, record.current.version, compile(parseBundle(record.current.bundle)).snapshot, 'synced');
    } catch (error) {
      log.error('store.unservable', { gateway: name, version: record.current.version, error: error instanceof Error ? error.message : String(error) });
    }
  }
  store.onRemoteChange(sync);

  return {
    /** Serves every stored gateway (at start); problems are logged and the rest served. */
    loadStored(): void {
      for (const problem of store.problems()) log.error('store.problem', { gateway: problem.name, message: problem.message });
      for (const record of store.list()) {
        const owner = options.specOwner(record.name);
        if (owner) {
          log.error('store.shadowed', { gateway: record.name, owner, message: 'declared by a --spec file too: the file wins, the stored version is not served' });
          continue;
        }
        try {
          const { snapshot } = compile(parseBundle(record.current.bundle));
          cache.set(record.name, snapshot);
          served.set(record.name, record.current.version);
          log.info('gateway.loaded', { gateway: record.name, version: record.current.version, snapshot: snapshot.version });
        } catch (error) {
          log.error('store.unservable', { gateway: record.name, version: record.current.version, error: error instanceof Error ? error.message : String(error) });
        }
      }
    },

    /** PUT /v1/gateways/{name}: the expectVersion check is made here against what this process sees, and again by the store's compare-and-swap. */
    async apply(name: string, body: string, opts: { dryRun: boolean; expectVersion?: string }) {
      try {
        const bundle = bundleOf(name, body);
        const owner = options.specOwner(name);
        if (owner) throw new ApiError(409, 'spec_owned', `gateway ${name} is declared by the spec file ${owner} given to wsctl serve --spec; edit that file instead`);
        const current = store.get(name);
        if (opts.expectVersion !== undefined && opts.expectVersion !== (current?.current.version ?? '')) {
          throw new ApiError(409, 'conflict', `gateway ${name} is at version ${current?.current.version ?? '(none)'}, not ${opts.expectVersion}`);
        }
        const { snapshot, warnings } = compile(bundle);
        const version = bundleVersion(bundle);
        const diff = diffSnapshots(cache.get(name), snapshot);
        const unchanged = current?.current.version === version;
        if (opts.dryRun) {
          metrics.applied('apply', 'dry_run');
          return { dryRun: true, applied: false, unchanged, version, snapshotVersion: snapshot.version, diff, warnings };
        }
        const stored: StoredVersion = { version, appliedAt: new Date().toISOString(), bundle: serializeBundle(bundle) };
        // the store decides 'unchanged' against its own current version (this process's view may lag another replica's write)
        if ((await publish(name, stored, snapshot, { expectVersion: opts.expectVersion })) === 'unchanged') {
          metrics.applied('apply', 'unchanged');
          return { dryRun: false, applied: false, unchanged: true, version, snapshotVersion: snapshot.version, diff, warnings };
        }
        metrics.applied('apply', 'applied');
        return { dryRun: false, applied: true, unchanged: false, version, snapshotVersion: snapshot.version, diff, warnings, connectedNodes: fleetNodes(name) };
      } catch (error) {
        if (error instanceof ApiError) metrics.applied('apply', error.code);
        throw error;
      }
    },

    /** GET /v1/gateways: the API-managed gateways. */
    list() {
      return { gateways: store.list().filter((r) => !options.specOwner(r.name)).map(view) };
    },

    /** GET /v1/gateways/{name}. */
    get: (name: string): GatewayView => view(owned(name)),

    /** DELETE /v1/gateways/{name}: stops serving it (its nodes keep what they have). */
    async remove(name: string) {
      owned(name);
      await write('delete', () => store.delete(name));
      served.delete(name);
      cache.delete(name);
      rollouts.delete(name);
      metrics.applied('delete', 'deleted');
      log.info('gateway.deleted', { gateway: name });
      return { deleted: name };
    },

    /** GET /v1/gateways/{name}/history: newest first, the current one included. */
    history(name: string) {
      const record = owned(name);
      return {
        gateway: name,
        versions: [record.current, ...record.history].map((v, i) => ({ version: v.version, appliedAt: v.appliedAt, current: i === 0 })),
      };
    },

    /** POST /v1/gateways/{name}/rollback: serves an earlier bundle again, byte for byte. */
    async rollback(name: string, to: unknown) {
      const record = owned(name);
      if (typeof to !== 'string') throw new ApiError(400, 'bad_request', 'the body must be {"to": VERSION}');
      const target = [record.current, ...record.history].find((v) => v.version === to);
      if (!target) throw new ApiError(404, 'unknown_version', `gateway ${name} has no version ${to} in its history`);
      const { snapshot } = compile(parseBundle(target.bundle));
      try {
        await publish(name, { version: target.version, appliedAt: new Date().toISOString(), bundle: target.bundle }, snapshot);
      } catch (error) {
        if (error instanceof ApiError) metrics.applied('rollback', error.code);
        throw error;
      }
      metrics.applied('rollback', 'applied');
      return { rolledBack: true, version: target.version, snapshotVersion: snapshot.version };
    },

    /** POST /v1/gateways/{name}/diff: what applying the bundle would change, resource by resource. */
    diff(name: string, body: string): SnapshotDiff & { connectedNodes: number; liveVersion: string | null } {
      const bundle = bundleOf(name, body);
      const { snapshot } = compile(bundle);
      return { ...diffSnapshots(cache.get(name), snapshot), connectedNodes: fleetNodes(name), liveVersion: store.get(name)?.current.version ?? null };
    },

    /**
     * GET /v1/gateways/{name}/status: the rollout to its connected nodes; with a fleet, those of every
     * replica, and never converged while the other replicas' nodes are unknown (etcd unreachable).
     */
    status(name: string): GatewayRollout & { version: string | null } {
      checkName(name);
      const record = store.get(name);
      if (!record && !options.specOwner(name)) throw new ApiError(404, 'not_found', `no gateway ${name}`);
      // a rollout this answer reports as converged is in the latency histogram already (apply --wait
      // then reads /metrics with its sample, not one 20 ms timer later)
      if (checkTimer) settleRollouts();
      const fleet = options.fleet?.read();
      const rollout = gatewayRollout(name, cache.get(name), fleet?.nodes ?? options.status.nodes());
      const answer = fleet ? { ...rollout, converged: rollout.converged && fleet.fleet.stale === undefined, fleet: fleet.fleet } : rollout;
      return { version: record?.current.version ?? null, ...answer };
    },

    /**
     * Called on every ACK with the node's gateway: completes the apply → last-ACK measurement. ACKs only
     * note their time; convergence is checked once per burst (reading every node's status per ACK would
     * cost O(nodes) each).
     */
    onAck(group: string): void {
      const pending = rollouts.get(group);
      if (!pending) return;
      pending.lastAck = process.hrtime.bigint();
      if (checkTimer) return;
      checkTimer = setTimeout(settleRollouts, 20);
      checkTimer.unref();
    },
  };
}

/** The API-managed gateways of a running server. */
export type ControlPlane = ReturnType<typeof createControlPlane>;
