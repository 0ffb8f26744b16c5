import { acl, not, rule } from './rules.js';
import type { AclView, RuleView, StickTableView } from './view-model.js';

/** The stick table (an empty backend) counting every client connection of the gateway under one key. */
export const GATEWAY_TABLE = 'wsctl-gateway';
/** ACL true when accepting this connection took the gateway over limits.maxConnections. */
export const GATEWAY_FULL_ACL = 'wsctl_gateway_full';

/**
 * Connections haproxy accepts beyond limits.maxConnections only to refuse them: 2% of the limit, at
 * least 32. At the global maxconn haproxy stops accepting and new clients wait unanswered in the
 * kernel queue (then get forwarded long after they gave up), so the process limit sits above the
 * gateway limit and the rule below answers the excess with a 503 instead. A refused connection lives
 * for milliseconds, so a small margin holds a burst of them.
 */
export function refusalHeadroom(maxConnections: number): number {
  return Math.max(32, Math.ceil(maxConnections / 50));
}

/** haproxy's global maxconn: the gateway limit plus the headroom to answer the excess with a 503. */
export function globalMaxconn(maxConnections: number): number {
  return maxConnections + refusalHeadroom(maxConnections);
}

/** The gateway-wide counter: one entry (key 1) whose conn_cur every frontend's connections share. */
export function gatewayTable(): StickTableView {
  return { name: GATEWAY_TABLE, words: ['type', 'integer', 'size', '1', 'store', 'conn_cur'] };
}

/** What each listener's frontend adds to enforce limits.maxConnections. */
export interface CapacityRules {
  /** `tcp-request connection` words: track every accepted connection in the gateway table. */
  track: string[];
  /** The over-limit ACL (the count includes the connection being decided). */
  acls: AclView[];
  /** http-request rules, evaluated before any other. */
  rules: RuleView[];
}

/**
 * The over-limit refusal of a frontend: a prompt 503 that closes the connection (so the refused client
 * does not keep holding a slot), logged. Without an access log, only these refusals are logged: every
 * other stream is silenced, the way nginx reports limit_conn refusals in its error log.
 */
export function capacityRules(maxConnections: number, accessLog: boolean): CapacityRules {
  const rules: RuleView[] = [];
  if (!accessLog) rules.push(rule(['set-log-level', 'silent'], not(GATEWAY_FULL_ACL)));
  rules.push(
    rule(['deny', 'deny_status', '503', 'content-type', 'text/plain', 'string', 'Gateway at capacity', 'hdr', 'Connection', 'close'], GATEWAY_FULL_ACL),
  );
  return {
    track: ['track-sc2', 'int(1)', 'table', GATEWAY_TABLE],
    acls: [acl(GATEWAY_FULL_ACL, 'sc2_conn_cur', ['gt', String(maxConnections)])],
    rules,
  };
}
