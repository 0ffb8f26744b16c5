/**
 * The one place where a compiled gateway becomes an xDS snapshot: Envoy resources built by the Envoy
 * target (RDS, EDS, SDS, ECDS over ADS), each checked and encoded with Envoy's protos, with the
 * references between them for the consistency check. Everything else in src/xds knows nothing of
 * gateways or WebSockets.
 */
import { Codes } from '../diag/codes.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import type { IrGateway } from '../ir/types.js';
import { compileGateway } from '../compile/compile.js';
import type { SourcedGateway } from '../spec/validate.js';
import { validateFiles } from '../spec/validate.js';
import { xdsResources } from '../targets/envoy/resources.js';
import { envoyTarget } from '../targets/envoy/target.js';
import { formatIssue, validateEnvoyMessage } from '../targets/envoy/validate/index.js';
import { referencesOf } from './references.js';
import { buildSnapshot, type ResourceInput, type Snapshot } from './snapshot.js';
import { TYPE_URL_PREFIX, TYPE_URLS } from './type-urls.js';

/** A gateway compiled for serving: its snapshot, or the diagnostics that refused it. */
export interface GatewaySnapshot {
  /** Gateway name (the node.cluster its Envoys announce). */
  gateway: string;
  /** The snapshot to publish; absent when refused. */
  snapshot?: Snapshot;
  /** Warnings, or the errors that refused it. */
  diagnostics: Diagnostic[];
}

/** What compiling one spec file for serving found. */
export interface FileSnapshots {
  /** One entry per gateway in the file (none when the file itself is invalid). */
  gateways: GatewaySnapshot[];
  /** Diagnostics of the file as a whole (validation). */
  diagnostics: Diagnostic[];
  /** True when every gateway of the file has a snapshot. */
  ok: boolean;
}

/** One Envoy resource as snapshot input: encoded with Envoy's protos (throws when they refuse it). */
function input(type: string, name: string, json: unknown): ResourceInput {
  const typeUrl = `${TYPE_URL_PREFIX}${type}`;
  const checked = validateEnvoyMessage(type, json);
  if (!checked.bytes) throw new Error(checked.issues.map((i) => formatIssue({ ...i, type, name })).join('; '));
  return { typeUrl, name, body: checked.bytes, references: referencesOf(typeUrl, json) };
}

const strip = (typeUrl: string): string => typeUrl.slice(TYPE_URL_PREFIX.length);

/** Every xDS resource of a gateway as snapshot inputs (pure: the IR carries every file's content). */
export function gatewayResources(ir: IrGateway): ResourceInput[] {
  const r = xdsResources(ir);
  return [
    ...r.listeners.map((l) => input(strip(TYPE_URLS.listener), l.name, l)),
    ...r.routes.map((x) => input(strip(TYPE_URLS.route), x.name, x)),
    ...r.clusters.map((c) => input(strip(TYPE_URLS.cluster), c.name, c)),
    ...r.endpoints.map((e) => input(strip(TYPE_URLS.endpoint), e.cluster_name, e)),
    ...r.secrets.map((s) => input(strip(TYPE_URLS.secret), s.name, s)),
    ...r.extensions.map((e) => input(strip(TYPE_URLS.extension), e.name, e)),
  ];
}

function refused(source: SourcedGateway, message: string): Diagnostic {
  return { code: Codes.TARGET_INTERNAL, severity: 'error', message, path: '', file: source.file, line: 0, col: 0 };
}

/** Options of compiling for serving. */
export interface SnapshotOptions {
  /** Accept degraded features with a warning (as `wsctl compile --allow-degraded`). */
  allowDegraded?: boolean;
  /** The gateway's current snapshot: unchanged resources keep their encoding. */
  previous?: (gateway: string) => Snapshot | undefined;
}

/** Compiles one validated gateway to a snapshot. */
export function gatewaySnapshot(source: SourcedGateway, options: SnapshotOptions = {}): GatewaySnapshot {
  const gateway = source.gateway.metadata.name;
  // the same checks as `wsctl compile --target envoy`: capabilities, then Envoy's protos and rules
  const compiled = compileGateway(source, [envoyTarget], { outDir: source.specDir, allowDegraded: options.allowDegraded ?? false });
  if (!compiled.ok) return { gateway, diagnostics: compiled.diagnostics };
  try {
    const built = buildSnapshot(gatewayResources(compiled.ir), options.previous?.(gateway));
    if (!built.ok) return { gateway, diagnostics: [...compiled.diagnostics, ...built.problems.map((p) => refused(source, `inconsistent snapshot (a wsctl bug): ${p}`))] };
    return { gateway, snapshot: built.snapshot, diagnostics: compiled.diagnostics };
  } catch (error) {
    return { gateway, diagnostics: [...compiled.diagnostics, refused(source, `xDS encoding failed (a wsctl bug): ${error instanceof Error ? error.message : String(error)}`)] };
  }
}

/** Validates a spec file and compiles each of its gateways to a snapshot. */
export function fileSnapshots(file: string, options: SnapshotOptions = {}): FileSnapshots {
  const validation = validateFiles([file]);
  if (!validation.ok) return { gateways: [], diagnostics: validation.diagnostics, ok: false };
  const gateways = validation.gateways.map((g) => gatewaySnapshot(g, options));
  const ok = gateways.every((g) => g.snapshot && !hasErrors(g.diagnostics));
  return { gateways, diagnostics: sortDiagnostics(validation.diagnostics), ok };
}
