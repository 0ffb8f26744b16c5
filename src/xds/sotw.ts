import type { SotwRequest } from './requests.js';
import { nodeSession, type ServerContext } from './session.js';
import { typeOf, type Snapshot } from './snapshot.js';
import { nonces, type Send, type XdsStream } from './stream.js';
import { dependentType, inPushOrder, isFullStateType, typeName } from './type-urls.js';
import { sotwResponse } from './wire.js';

/** State of one resource type on one state-of-the-world stream. */
interface TypeState {
  /** Names subscribed; null = every resource (wildcard). */
  names: ReadonlySet<string> | null;
  /** The names as last requested (most requests repeat them: compared before rebuilding the set). */
  requested: readonly string[];
  /** Cache key of the name set. */
  key: string;
  /** Nonce of the last response ('' before any). */
  nonce: string;
  /** A response is waiting for its ACK or NACK: the next one waits (one in flight per type). */
  inFlight: boolean;
  /** version_info of the last response. */
  sentVersion?: string;
  /** The version the client rejected: not sent again until the snapshot changes. */
  nackedVersion?: string;
  /** Send even if unchanged (Envoy re-warms clusters on EDS after a CDS push). */
  resend: boolean;
}

function subscription(typeUrl: string, names: readonly string[]): { names: ReadonlySet<string> | null; key: string } {
  if (names.includes('*') || (names.length === 0 && isFullStateType(typeUrl))) return { names: null, key: '*' };
  return { names: new Set(names), key: [...new Set(names)].sort().join('\n') };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The state-of-the-world protocol on one stream (ADS, or one type's service when `onlyType` is set):
 * full state for LDS/CDS, named resources otherwise; stale nonces ignored; one response in flight per
 * type; a NACKed version parked until the snapshot changes; pushes in ADS order.
 */
export function sotwStream(ctx: ServerContext, send: Send, onlyType?: string): XdsStream<SotwRequest> {
  const states = new Map<string, TypeState>();
  const nextNonce = nonces();
  const session = nodeSession(ctx, (snapshot) => push(snapshot));

  function trySend(typeUrl: string, snapshot: Snapshot): void {
    const st = states.get(typeUrl);
    if (!st || st.inFlight) return;
    const body = typeOf(snapshot, typeUrl).sotwBody(st.names, st.key);
    if (!st.resend && (body.version === st.sentVersion || body.version === st.nackedVersion)) return;
    st.resend = false;
    st.nonce = nextNonce();
    st.sentVersion = body.version;
    st.inFlight = true;
    send(sotwResponse(body.prefix, st.nonce));
    ctx.status.sent(session.id, typeUrl, body.version);
    const dependent = states.get(dependentType(typeUrl) ?? '');
    if (dependent) dependent.resend = true;
  }

  let order: string[] = [];
  function push(snapshot: Snapshot): void {
    for (const typeUrl of order) trySend(typeUrl, snapshot);
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
      let st = states.get(typeUrl);
      if (st && req.responseNonce !== st.nonce) {
        ctx.log.debug('xds.stale_nonce', { node: session.id, type: typeName(typeUrl), nonce: req.responseNonce });
        return;
      }
      if (st && st.nonce !== '') {
        st.inFlight = false;
        if (req.errorDetail) {
          st.nackedVersion = st.sentVersion;
          ctx.status.nacked(session.id, typeUrl, st.sentVersion ?? '', req.errorDetail.message);
          ctx.log.warn('xds.nack', { node: session.id, type: typeName(typeUrl), version: st.sentVersion, error: req.errorDetail.message });
        } else {
          st.nackedVersion = undefined;
          ctx.status.acked(session.id, typeUrl, req.versionInfo);
        }
      }
      if (!st) {
        const { names, key } = subscription(typeUrl, req.resourceNames);
        st = { names, key, requested: req.resourceNames, nonce: '', inFlight: false, resend: false };
        states.set(typeUrl, st);
        order = inPushOrder(states.keys());
        const snapshot = session.snapshot();
        // a reconnecting client that already holds the current version gets nothing new
        if (snapshot && req.versionInfo !== '' && typeOf(snapshot, typeUrl).sotwBody(names, key).version === req.versionInfo) {
          st.sentVersion = req.versionInfo;
          ctx.status.acked(session.id, typeUrl, req.versionInfo);
        }
      } else if (!sameNames(st.requested, req.resourceNames)) {
        const { names, key } = subscription(typeUrl, req.resourceNames);
        st.names = names;
        st.key = key;
        st.requested = req.resourceNames;
      }
      const snapshot = session.snapshot();
      if (snapshot) trySend(typeUrl, snapshot);
    },
    close: () => session.close(),
  };
}
