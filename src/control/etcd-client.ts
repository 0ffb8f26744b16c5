import { Etcd3, isRecoverableError, type IOptions } from 'etcd3';

/** A fault-handling policy as etcd3 takes it (cockatiel's shape; only execute is called). */
type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

const noEvent = () => ({ dispose: () => {} });

/** True for an etcd answer that says the request is over its size limits (never retried: it would fail again). */
export function isTooLarge(error: unknown): boolean {
  return error instanceof Error && /too large|larger than max/i.test(error.message);
}

/**
 * Tries a request once per endpoint (etcd3 moves to the next endpoint on each attempt) while the
 * failure is a connection-level one; anything else fails at once. No circuit breaker: the store's
 * probe decides when etcd is down and reconnects with a fresh client.
 */
function oncePerEndpoint(endpoints: number): Policy {
  return {
    _altReturn: undefined as never,
    onSuccess: noEvent,
    onFailure: noEvent,
    async execute(fn, signal) {
      let last: unknown;
      for (let attempt = 0; attempt < endpoints; attempt += 1) {
        try {
          return await fn({ signal: signal ?? new AbortController().signal });
        } catch (error) {
          last = error;
          if (!(error instanceof Error) || !isRecoverableError(error) || isTooLarge(error)) throw error;
        }
      }
      throw last;
    },
  };
}

/** Passes every call straight through (the per-endpoint policy: no circuit breaker). */
const direct: Policy = {
  _altReturn: undefined as never,
  onSuccess: noEvent,
  onFailure: noEvent,
  execute: async (fn, signal) => fn({ signal: signal ?? new AbortController().signal }),
};

/** PEM contents for TLS to etcd: the CA that signed etcd's certificate, and a client certificate when etcd requires one (--client-cert-auth). */
export interface EtcdTlsMaterial {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** An etcd client whose unary requests have a deadline, and which leaves failure handling to its caller (no breaker, one try per endpoint). */
export function connectEtcd(hosts: string[], timeoutMs: number, tls?: EtcdTlsMaterial): Etcd3 {
  return new Etcd3({
    hosts,
    ...(tls ? { credentials: { rootCertificate: tls.ca, ...(tls.cert && tls.key ? { certChain: tls.cert, privateKey: tls.key } : {}) } } : {}),
    dialTimeout: timeoutMs,
    // a hung etcd (or a dead network path) ends the connection, and the watch stream with it, within ~15 s;
    // etcd refuses pings more often than every 5 s (--grpc-keepalive-min-time)
    grpcOptions: { 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_timeout_ms': 5_000 },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    faultHandling: { global: oncePerEndpoint(hosts.length), host: () => direct },
  });
}
