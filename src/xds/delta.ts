import type { DeltaRequest } from './requests.js';
import type { XdsResource } from './resource.js';
import { nodeSession, type ServerContext } from './session.js';
import { typeOf, type Snapshot, type TypeSnapshot } from './snapshot.js';
import { nonces, type Send, type XdsStream } from './stream.js';
import { dependentType, inPushOrder, isFullStateType, typeName } from './type-urls.js';
import { deltaResponse } from './wire.js';

/** State of one resource type on one delta stream. */
interface TypeState {
  /** Subscribed to every resource of the type. */
  wildcard: boolean;
  /** Names subscribed explicitly. */
  names: Set<string>;
  /** What the client holds (or was last sent, even if it NACKed it): version by name. */
  known: Map<string, string>;
  /** The first response is owed even if empty (a new subscription without initial versions). */
  owesFirst: boolean;
  /** The type's resources this client is known to be in sync with (nothing to compare until they change). */
  synced?: TypeSnapshot;
}

/** Responses waiting for an ACK or NACK, by nonce. */
interface Pending {
  /** Type of the response. */
  typeUrl: string;
  /** The type's version when it was sent. */
  version: string;
}

/** Nonces remembered per stream (a client answers each; a lost answer must not grow memory). */
const MAX_PENDING = 64;

function newState(typeUrl: string, req: DeltaRequest): TypeState {
  const initial = Object.entries(req.initialResourceVersions);
  return {
    // an empty first subscription to LDS or CDS is the legacy wildcard
    wildcard: req.subscribe.length === 0 && isFullStateType(typeUrl),
    names: new Set(),
    known: new Map(initial),
    owesFirst: initial.length === 0,
  };
}

function applySubscription(st: TypeState, req: DeltaRequest, isNew: boolean): void {
  if (req.subscribe.length || req.unsubscribe.length) st.synced = undefined;
  for (const name of req.subscribe) {
    if (name === '*') st.wildcard = true;
    else if (!st.names.has(name)) {
      st.names.add(name);
      // a resubscribed resource is sent again (the client dropped it when it unsubscribed), unless a
      // wildcard already covered it
      if (!isNew && !st.wildcard) st.known.delete(name);
    }
  }
  for (const name of req.unsubscribe) {
    if (name === '*') {
      st.wildcard = false;
      for (const held of [...st.known.keys()]) if (!st.names.has(held)) st.known.delete(held);
    } else {
      st.names.delete(name);
      st.known.delete(name);
    }
  }
}

/**
 * The incremental (delta) protocol on one stream: per-resource versions (content hashes), so only what
 * changed is sent; subscribe/unsubscribe and wildcard; reconnects with initial_resource_versions get only
 * the differences; deletions as removed_resources. A NACKed version counts as sent: it is not resent
 * until it changes.
 */
export function deltaStream(ctx: ServerContext, send: Send, onlyType?: string): XdsStream<DeltaRequest> {
  const states = new Map<string, TypeState>();
  const pending = new Map<string, Pending>();
  const nextNonce = nonces();
  const session = nodeSession(ctx, (snapshot) => push(snapshot));

  function trySend(typeUrl: string, snapshot: Snapshot): void {
    const st = states.get(typeUrl);
    if (!st) return;
    const type = typeOf(snapshot, typeUrl);
    if (st.synced === type && !st.owesFirst) return;
    const inScope = (name: string): boolean => st.wildcard || st.names.has(name);
    const changed: XdsResource[] = [];
    for (const resource of type.resources.values()) {
      if (st.known.get(resource.name) !== resource.version && inScope(resource.name)) changed.push(resource);
    }
    const removed: string[] = [];
    for (const name of st.known.keys()) if (!type.resources.has(name) && inScope(name)) removed.push(name);
    removed.sort();
    st.synced = type;
    if (!changed.length && !removed.length && !st.owesFirst) return;
    st.owesFirst = false;
    for (const r of changed) st.known.set(r.name, r.version);
    for (const name of removed) st.known.delete(name);
    const nonce = nextNonce();
    pending.set(nonce, { typeUrl, version: type.version });
    if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
    send(deltaResponse(snapshot.version, changed.map((r) => r.deltaEntry), typeUrl, nonce, removed));
    ctx.status.sent(session.id, typeUrl, type.version);
    // an updated cluster waits for its endpoints again
    const dependent = states.get(dependentType(typeUrl) ?? '');
    if (dependent && changed.length) {
      for (const r of changed) dependent.known.delete(r.name);
      dependent.synced = undefined;
    }
  }

  let order: string[] = [];
  function push(snapshot: Snapshot): void {
    for (const typeUrl of order) trySend(typeUrl, snapshot);
  }

  function answer(req: DeltaRequest): void {
    const answered = pending.get(req.responseNonce);
    if (!answered) {
      ctx.log.debug('xds.stale_nonce', { node: session.id, nonce: req.responseNonce });
      return;
    }
    pending.delete(req.responseNonce);
    if (req.errorDetail) {
      ctx.status.nacked(session.id, answered.typeUrl, answered.version, req.errorDetail.message);
      ctx.log.warn('xds.nack', { node: session.id, type: typeName(answered.typeUrl), version: answered.version, error: req.errorDetail.message });
    } else ctx.status.acked(session.id, answered.typeUrl, answered.version);
  }

  return {
    onRequest(req) {
      if (!session.identify(req.node)) {
        ctx.log.warn('xds.request_without_node', { type: req.typeUrl });
        return;
      }
      const typeUrl = req.typeUrl || onlyType;
      if (!typeUrl || (onlyType && typeUrl !== onlyType)) {
        ctx.log.warn('xds.wrong_type', { node: session.id, type: req.typeUrl, service: onlyType });
        return;
      }
      if (req.responseNonce !== '') answer(req);
      const existing = states.get(typeUrl);
      const st = existing ?? newState(typeUrl, req);
      if (!existing) {
        states.set(typeUrl, st);
        order = inPushOrder(states.keys());
      }
      applySubscription(st, req, !existing);
      const snapshot = session.snapshot();
      if (snapshot) trySend(typeUrl, snapshot);
    },
    close: () => session.close(),
  };
}
