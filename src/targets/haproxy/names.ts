/** Generated haproxy names: proxies, ACLs and variables. Only wsctl-made text, never user text beyond DNS-label names. */

/** Frontend of a listener. */
export const frontendName = (listener: string): string => `fe-${listener}`;
/** Backend of a spec backend. */
export const backendName = (backend: string): string => `be-${backend}`;
/** Stick table (an empty backend) of a route's rate limits. */
export const stickTableName = (route: string): string => `rl-${route}`;
/** ACL true when the request took route number i of the frontend. */
export const routeAcl = (i: number): string => `wsctl_route_${i}`;
/** Transaction variable holding the chosen route name. */
export const ROUTE_VAR = 'txn.wsctl_route';
/** Transaction variable set when the request is a genuine WebSocket upgrade. */
export const WS_VAR = 'txn.wsctl_ws';
/** Transaction variable holding the request path (without query string) for the access log. */
export const PATH_VAR = 'txn.wsctl_path';
/** ACL true for a genuine WebSocket upgrade. */
export const WS_ACL = 'wsctl_ws';
