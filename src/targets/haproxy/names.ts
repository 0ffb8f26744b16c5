/** Generated haproxy names: proxies, ACLs and variables. Only wsctl-made text, never user text beyond DNS-label names. */

/** Frontend of a listener. */
export const frontendName = (listener: string): string => `fe-${listener}`;
/** Backend of a spec backend. */
export const backendName = (backend: string): string => `be-${backend}`;
/** Stick table (an empty backend) of a route's rate limits. */
export const stickTableName = (route: string): string => `rl-${route}`;
/** ACL true when the request took regex route number i of the frontend. */
export const routeAcl = (i: number): string => `wsctl_route_${i}`;
/** Transaction variable holding the chosen route name. */
export const ROUTE_VAR = 'txn.wsctl_route';
/** Transaction variable holding the request host (lower case, without port) the host maps look up. */
export const HOST_VAR = 'txn.wsctl_host';
/** Transaction variable holding the host class of the request (see route-maps.ts). */
export const CLASS_VAR = 'txn.wsctl_class';
/** Transaction variable holding `class@path`, the key the path maps look up. */
export const KEY_VAR = 'txn.wsctl_key';
/** Transaction variable holding the policy of the chosen route (see policies.ts). */
export const POLICY_VAR = 'txn.wsctl_policy';
/** Transaction variable set when the request is a genuine WebSocket upgrade. */
export const WS_VAR = 'txn.wsctl_ws';
/** Transaction variable holding the request path (without query string) for the access log. */
export const PATH_VAR = 'txn.wsctl_path';
/** ACL true for a genuine WebSocket upgrade. */
export const WS_ACL = 'wsctl_ws';
