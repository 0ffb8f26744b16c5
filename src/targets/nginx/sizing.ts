/**
 * Process sizing of the generated nginx: how many workers, how many connection slots and file
 * descriptors each gets, and what run.sh demands from the host. Documented in docs/nginx.md.
 *
 * Every proxied socket costs two connections (client + upstream), each one slot of worker_connections
 * and one file descriptor, in the worker that accepted it. Slots are preallocated per worker, and
 * worker_rlimit_nofile is per worker, so both are sized for each worker's share of
 * limits.maxConnections, not for all of it. For the shares to be even, each listener is bound with
 * `reuseport` (a socket per worker; the kernel spreads connections by a hash of the client's address
 * and port), and each worker gets 8/7 of its share to absorb what the hash leaves uneven (at 1,000
 * sockets a share of 500 varies by about 16; the slack is 71). Measured without reuseport: one worker
 * takes every connection until "worker_connections are not enough" (accept_mutex does not stop a
 * worker that holds it), so a gateway sized per worker must spread them.
 */

/** Worker processes: fixed, so that the per-worker share is known when the config is generated. */
export const NGINX_WORKERS = 2;

/** Slots per worker besides its sockets: listeners, connections refused with 503 while full, metrics. */
const SLOT_HEADROOM = 128;

/** Idle upstream keep-alive connections each worker may keep per backend (`keepalive` in the upstream). */
export const UPSTREAM_KEEPALIVE = 16;

/** File descriptors per worker besides its connections: log files, epoll, channels to the other workers. */
const FD_HEADROOM = 64;

/** A hard per-process fd limit most hosts give (systemd and container defaults are higher; 20,000 is not rare). */
export const TYPICAL_HARD_FD_LIMIT = 65_536;

/** The numbers nginx.conf and run.sh print. */
export interface NginxSizing {
  /** worker_processes. */
  workers: number;
  /** Sockets each worker is sized for: ceil(maxConnections / workers). */
  socketsPerWorker: number;
  /** worker_connections: 2 per socket of its share, times 8/7, + keep-alive per backend + headroom. */
  workerConnections: number;
  /** worker_rlimit_nofile: worker_connections + fd headroom; run.sh checks the hard limit against it. */
  rlimitNofile: number;
}

/** Sizing for a gateway of `maxConnections` sockets in all and `backends` upstreams. */
export function nginxSizing(maxConnections: number, backends: number): NginxSizing {
  const socketsPerWorker = Math.ceil(maxConnections / NGINX_WORKERS);
  const workerConnections = Math.ceil((2 * socketsPerWorker * 8) / 7) + UPSTREAM_KEEPALIVE * backends + SLOT_HEADROOM;
  return { workers: NGINX_WORKERS, socketsPerWorker, workerConnections, rlimitNofile: workerConnections + FD_HEADROOM };
}
