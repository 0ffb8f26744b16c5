import type { Diagnostic } from '../diag/diagnostic.js';
import type { SnapshotCache } from '../xds/cache.js';
import { fileSnapshots } from '../xds/gateway-snapshot.js';
import type { Logger } from '../xds/log.js';
import { typeName } from '../xds/type-urls.js';

/** What /status shows per gateway. */
export interface GatewayRecord {
  /** Spec file that declares it. */
  file: string;
  /** Version of the snapshot being served. */
  version: string;
  /** When it was published. */
  publishedAt: string;
  /** Per type: version and resource count. */
  types: Record<string, { version: string; resources: number }>;
  /** The last refused edit of its file (the previous snapshot kept serving), if any since. */
  lastRefused?: { at: string; errors: string[] };
}

/** Outcome of compiling one file. */
export interface PublishResult {
  /** True when every gateway of the file is served at its latest content. */
  ok: boolean;
  /** Gateways whose snapshot changed. */
  changed: string[];
  /** Errors, as text lines file:line:col: code: message. */
  errors: string[];
}

const located = (d: Diagnostic): string => `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`;

function logDiagnostics(log: Logger, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const fields = { file: d.file, line: d.line, col: d.col, code: d.code, path: d.path, message: d.message };
    if (d.severity === 'error') log.error('spec.error', fields);
    else log.warn('spec.warning', fields);
  }
}

/** Compiles spec files into the snapshot cache and remembers what is served. */
export interface Publisher {
  /** Compiles one file and publishes what changed. */
  publish(file: string): PublishResult;
  /** The spec file that declares a gateway, if any. */
  owner(gateway: string): string | undefined;
  /** Gateways being served, by name. */
  records(): Record<string, GatewayRecord>;
}

/**
 * Compiles spec files and publishes their gateways' snapshots into the cache. An invalid file is refused
 * as a whole (diagnostics logged, recorded for status) and the last good snapshots keep serving; a gateway
 * name declared by two files is refused in the later one.
 */
export function createPublisher(cache: SnapshotCache, log: Logger, allowDegraded: boolean, apiManaged: (gateway: string) => boolean = () => false): Publisher {
  const gateways = new Map<string, GatewayRecord>();
  const refusedOf = (file: string, errors: string[]): void => {
    for (const record of gateways.values()) if (record.file === file) record.lastRefused = { at: new Date().toISOString(), errors };
  };
  return {
    publish(file) {
      const started = process.hrtime.bigint();
      const result = fileSnapshots(file, { allowDegraded, previous: (g) => cache.get(g) });
      const diagnostics = [...result.diagnostics, ...result.gateways.flatMap((g) => g.diagnostics)];
      logDiagnostics(log, diagnostics);
      const errors = diagnostics.filter((d) => d.severity === 'error').map(located);
      for (const g of result.gateways) {
        const owner = gateways.get(g.gateway)?.file;
        if (owner && owner !== file) errors.push(`${file}: gateway ${g.gateway} is already served from ${owner}`);
        if (!owner && apiManaged(g.gateway)) errors.push(`${file}: gateway ${g.gateway} is managed through the admin API (wsctl apply); delete it there first`);
      }
      if (!result.ok || errors.length) {
        refusedOf(file, errors);
        log.error('spec.refused', { file, errors: errors.length, kept: 'the last good snapshot keeps serving' });
        return { ok: false, changed: [], errors };
      }
      const changed: string[] = [];
      for (const g of result.gateways) {
        const snapshot = g.snapshot;
        if (!snapshot) continue;
        const types: GatewayRecord['types'] = {};
        for (const t of snapshot.types.values()) types[typeName(t.typeUrl)] = { version: t.version, resources: t.resources.size };
        const previous = cache.get(g.gateway);
        if (cache.set(g.gateway, snapshot)) {
          changed.push(g.gateway);
          gateways.set(g.gateway, { file, version: snapshot.version, publishedAt: new Date().toISOString(), types });
          const changedTypes = [...snapshot.types.values()].filter((t) => previous?.types.get(t.typeUrl) !== t).map((t) => typeName(t.typeUrl));
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          log.info('snapshot.published', { gateway: g.gateway, file, version: snapshot.version, changed: changedTypes, compileMs: Math.round(ms * 10) / 10 });
        } else {
          const record = gateways.get(g.gateway);
          if (record) delete record.lastRefused;
          log.info('snapshot.unchanged', { gateway: g.gateway, file, version: snapshot.version });
        }
      }
      // a gateway the file no longer declares stops being served (its nodes keep what they have)
      const declared = new Set(result.gateways.map((g) => g.gateway));
      for (const [name, record] of [...gateways]) {
        if (record.file === file && !declared.has(name)) {
          gateways.delete(name);
          cache.delete(name);
          log.warn('snapshot.withdrawn', { gateway: name, file });
        }
      }
      return { ok: true, changed, errors: [] };
    },
    owner: (gateway) => gateways.get(gateway)?.file,
    records() {
      return Object.fromEntries([...gateways].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, structuredClone(v)]));
    },
  };
}
