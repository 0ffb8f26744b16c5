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

/** A user name and its password for etcd's authentication (etcd `auth enable`). */
export interface EtcdPassword {
  username: string;
  password: string;
}

/**
 * An etcd client whose unary requests have a deadline, and which leaves failure handling to its caller
 * (no breaker, one try per endpoint). With `auth` it gets a token for the user first (etcd3 renews it
 * with the same password when etcd invalidates it); a new password needs a new client.
 */
export function connectEtcd(hosts: string[], timeoutMs: number, tls?: EtcdTlsMaterial, auth?: EtcdPassword): Etcd3 {
  const client = new Etcd3({
    hosts,
    ...tlsOptions(tls),
    ...(auth ? { auth: { username: auth.username, password: auth.password } } : {}),
    dialTimeout: timeoutMs,
    // a hung etcd (or a dead network path) ends the connection, and the watch stream with it, within ~15 s;
    // etcd refuses pings more often than every 5 s (--grpc-keepalive-min-time)
    grpcOptions: { 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_timeout_ms': 5_000 },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    faultHandling: { global: oncePerEndpoint(hosts.length), host: () => direct },
  });
  if (auth) closeAuthClients(client, timeoutMs, tls);
  return client;
}

function tlsOptions(tls: EtcdTlsMaterial | undefined): Pick<IOptions, 'credentials'> {
  return tls ? { credentials: { rootCertificate: tls.ca, ...(tls.cert && tls.key ? { certChain: tls.cert, privateKey: tls.key } : {}) } } : {};
}

/** What etcd3 calls to get a token for a user from one endpoint (host:port, without scheme). */
type TokenFetch = (address: string, name: string, password: string) => Promise<string>;

/**
 * etcd3 1.1.2 opens a gRPC client for every authentication and never closes it (about 12 KB each,
 * measured: a replica retrying a refused password every second would grow some 40 MB an hour). This
 * replaces that step of the client's authenticator with one that closes its client; without those
 * internals (another etcd3 version) it changes nothing.
 */
function closeAuthClients(client: Etcd3, timeoutMs: number, tls: EtcdTlsMaterial | undefined): void {
  const internals = client as unknown as { pool?: { authenticator?: { getCredentialsFromHost?: TokenFetch } } };
  const authenticator = internals.pool?.authenticator;
  if (typeof authenticator?.getCredentialsFromHost !== 'function') return;
  authenticator.getCredentialsFromHost = async (address, name, password) => {
    const once = new Etcd3({
      hosts: [`${tls ? 'https' : 'http'}://${address}`],
      ...tlsOptions(tls),
      defaultCallOptions: () => ({ deadline: Date.now() + timeoutMs }),
      faultHandling: { global: direct, host: () => direct },
    });
    try {
      return (await once.auth.authenticate({ name, password })).token;
    } finally {
      once.close();
    }
  };
}
