import type { NodeStatus, TypeStatus } from '../xds/status.js';
import type { RolloutNode } from './rollout.js';

/** The value of a node key (P/nodes/REPLICA/NODE): what the replica's status book holds of one connected node, no secrets. */
export interface PublishedNode {
  /** Node id. */
  id: string;
  /** Its gateway (node.cluster). */
  gateway: string;
  /** Open xDS streams to the replica. */
  streams: number;
  /** Since when it has been connected. */
  connectedSince?: string;
  /** The snapshot version the replica served for the gateway when it wrote this (null: none). */
  snapshotVersion: string | null;
  /** Per type URL: versions sent and ACKed, the last NACK with Envoy's error (cut at MAX_ERROR characters). */
  types: Record<string, TypeStatus>;
}

/** The value of a replica key (P/replicas/REPLICA). */
export interface PublishedReplica {
  /** Replica id. */
  replica: string;
  /** Host name of the wsctl serve process. */
  host: string;
  /** Its process id. */
  pid: number;
  /** When it started. */
  startedAt: string;
  /** TTL of its lease in seconds: its keys are gone at most this long after it stops renewing. */
  leaseTtlSeconds: number;
}

/** Longest NACK error published per type: a node's key stays small whatever Envoy says (the replica's own status keeps it whole). */
export const MAX_ERROR = 2048;

function cut(types: Record<string, TypeStatus>): Record<string, TypeStatus> {
  const out: Record<string, TypeStatus> = {};
  for (const [typeUrl, t] of Object.entries(types)) {
    const nack = t.lastNack;
    out[typeUrl] = nack && nack.error.length > MAX_ERROR ? { ...t, lastNack: { ...nack, error: `${nack.error.slice(0, MAX_ERROR)}… (${nack.error.length} characters; the whole error on its replica's /status)` } } : t;
  }
  return out;
}

/** The value published for a connected node; lastSeen is left out (it changes on every request, and would make every flush a write). */
export function publishedNode(node: NodeStatus, snapshotVersion: string | null): string {
  const value: PublishedNode = {
    id: node.id,
    gateway: node.group,
    streams: node.streams,
    ...(node.connectedSince === undefined ? {} : { connectedSince: node.connectedSince }),
    snapshotVersion,
    types: cut(node.types),
  };
  return JSON.stringify(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';

function readType(value: unknown): TypeStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as Record<string, unknown>;
  const nack = t.lastNack as Record<string, unknown> | undefined;
  if ((t.sentVersion !== undefined && !isString(t.sentVersion)) || (t.ackedVersion !== undefined && !isString(t.ackedVersion))) return undefined;
  if (nack !== undefined && !(isString(nack.version) && isString(nack.error) && isString(nack.at))) return undefined;
  return {
    ...(isString(t.sentVersion) ? { sentVersion: t.sentVersion } : {}),
    ...(isString(t.ackedVersion) ? { ackedVersion: t.ackedVersion } : {}),
    ...(nack ? { lastNack: { version: nack.version as string, error: nack.error as string, at: nack.at as string } } : {}),
  };
}

/** A node key's value read back as a rollout node of `replica`; undefined when it is not one (written by something else). */
export function readPublishedNode(replica: string, text: string): RolloutNode | undefined {
  let value: Partial<PublishedNode>;
  try {
    value = JSON.parse(text) as Partial<PublishedNode>;
  } catch {
    return undefined;
  }
  if (!isString(value.id) || !isString(value.gateway) || typeof value.streams !== 'number' || !(value.snapshotVersion === null || isString(value.snapshotVersion))) return undefined;
  if (typeof value.types !== 'object' || value.types === null) return undefined;
  const types: Record<string, TypeStatus> = {};
  for (const [typeUrl, t] of Object.entries(value.types)) {
    const read = readType(t);
    if (!read) return undefined;
    types[typeUrl] = read;
  }
  return {
    id: value.id,
    group: value.gateway,
    streams: value.streams,
    ...(isString(value.connectedSince) ? { connectedSince: value.connectedSince } : {}),
    replica,
    snapshotVersion: value.snapshotVersion,
    types,
  };
}
