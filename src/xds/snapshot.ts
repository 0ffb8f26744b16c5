import type { ResourceRef } from './references.js';
import { contentHash, encodeResource, type XdsResource } from './resource.js';
import { inPushOrder, typeName } from './type-urls.js';
import { sotwResponsePrefix } from './wire.js';

/** What a snapshot is built from: one encoded message per resource, and what it refers to. */
export interface ResourceInput {
  /** Type URL. */
  typeUrl: string;
  /** Resource name (unique per type). */
  name: string;
  /** The encoded message (deterministic bytes: they are hashed into the version). */
  body: Uint8Array;
  /** Resources of the same snapshot this one needs (checked before publishing). */
  references?: readonly ResourceRef[];
}

/** A state-of-the-world response body without its nonce, shared by every stream asking for the same names. */
export interface SotwBody {
  /** version_info: the hash of the versions of the resources it carries. */
  version: string;
  /** The encoded DiscoveryResponse fields except the nonce. */
  prefix: Uint8Array;
}

/** Every resource of one type in a snapshot. */
export interface TypeSnapshot {
  /** Type URL. */
  typeUrl: string;
  /** Hash of every name and version of this type. */
  version: string;
  /** Resources by name, sorted by name. */
  resources: ReadonlyMap<string, XdsResource>;
  /** The SotW response for a set of names (null = every resource), built once per set; `key` identifies the set when the caller has it. */
  sotwBody(names: ReadonlySet<string> | null, key?: string): SotwBody;
}

/** An immutable, consistent set of resources served to one group of nodes. */
export interface Snapshot {
  /** Hash of every type's version: equal content, equal version. */
  version: string;
  /** Resources by type URL, in push order. */
  types: ReadonlyMap<string, TypeSnapshot>;
}

/** A snapshot, or why it cannot be published. */
export type SnapshotResult = { ok: true; snapshot: Snapshot } | { ok: false; problems: string[] };

/** Cap on distinct name sets cached per type (clients asking for arbitrary subsets cannot grow memory without bound). */
const MAX_CACHED_BODIES = 256;

function typeSnapshot(typeUrl: string, resources: Map<string, XdsResource>): TypeSnapshot {
  const sorted = new Map([...resources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const version = contentHash(...[...sorted.values()].flatMap((r) => [r.name, r.version]));
  const bodies = new Map<string, SotwBody>();
  const build = (chosen: XdsResource[]): SotwBody => {
    const v = contentHash(...chosen.flatMap((r) => [r.name, r.version]));
    return { version: v, prefix: sotwResponsePrefix(v, chosen.map((r) => r.sotwEntry), typeUrl) };
  };
  return {
    typeUrl,
    version,
    resources: sorted,
    sotwBody(names, given) {
      const key = given ?? (names === null ? '*' : [...names].sort().join('\n'));
      let body = bodies.get(key);
      if (!body) {
        body = build(names === null ? [...sorted.values()] : [...sorted.values()].filter((r) => names.has(r.name)));
        if (bodies.size >= MAX_CACHED_BODIES) bodies.clear();
        bodies.set(key, body);
      }
      return body;
    },
  };
}

const empties = new Map<string, TypeSnapshot>();

/** The resources of a type, or an empty set when the snapshot has none of that type. */
export function typeOf(snapshot: Snapshot, typeUrl: string): TypeSnapshot {
  const found = snapshot.types.get(typeUrl);
  if (found) return found;
  let empty = empties.get(typeUrl);
  if (!empty) {
    empty = typeSnapshot(typeUrl, new Map());
    empties.set(typeUrl, empty);
  }
  return empty;
}

/** go-control-plane's Consistent(): every reference points at a resource of the same snapshot. */
function consistencyProblems(inputs: readonly ResourceInput[]): string[] {
  const present = new Set(inputs.map((r) => `${r.typeUrl} ${r.name}`));
  const problems: string[] = [];
  for (const input of inputs) {
    for (const ref of input.references ?? []) {
      if (!present.has(`${ref.typeUrl} ${ref.name}`)) {
        problems.push(`${typeName(input.typeUrl)} ${input.name} refers to ${typeName(ref.typeUrl)} ${ref.name}, which the snapshot lacks`);
      }
    }
  }
  return problems;
}

/**
 * Builds an immutable snapshot after checking it is consistent and names are unique per type. Resources
 * whose bytes did not change since `previous` are reused as they are (no re-encoding, same version).
 */
export function buildSnapshot(inputs: readonly ResourceInput[], previous?: Snapshot): SnapshotResult {
  const problems: string[] = [];
  const byType = new Map<string, Map<string, XdsResource>>();
  for (const input of inputs) {
    const resources = byType.get(input.typeUrl) ?? new Map<string, XdsResource>();
    byType.set(input.typeUrl, resources);
    if (resources.has(input.name)) {
      problems.push(`two ${typeName(input.typeUrl)} resources are named ${input.name}`);
      continue;
    }
    const version = contentHash(input.body);
    const old = previous?.types.get(input.typeUrl)?.resources.get(input.name);
    resources.set(input.name, old && old.version === version ? old : encodeResource(input.typeUrl, input.name, input.body, version));
  }
  problems.push(...consistencyProblems(inputs));
  if (problems.length) return { ok: false, problems };
  const types = new Map<string, TypeSnapshot>();
  for (const typeUrl of inPushOrder(byType.keys())) {
    const old = previous?.types.get(typeUrl);
    const next = typeSnapshot(typeUrl, byType.get(typeUrl) as Map<string, XdsResource>);
    // an unchanged type keeps its object, and with it the response bodies already built
    types.set(typeUrl, old && old.version === next.version ? old : next);
  }
  const version = contentHash(...[...types.values()].flatMap((t) => [t.typeUrl, t.version]));
  return { ok: true, snapshot: { version, types } };
}
