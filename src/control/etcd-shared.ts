import type { Etcd3 } from 'etcd3';

/** What the etcd store lends the fleet view (fleet-*.ts): its live connection and its watched mirror of the prefix. */
export interface EtcdShared {
  /** The store's prefix with its trailing slash. */
  root: string;
  /** Deadline of an etcd request in ms. */
  timeoutMs: number;
  /** The connected client; undefined while etcd is unreachable (or refusing us). */
  client(): Etcd3 | undefined;
  /** Why etcd cannot be used now (the mirror may then be stale); undefined while it answers and the watch runs. */
  unreachable(): string | undefined;
  /** Every live key of the mirror under a prefix, with its value (as fresh as the watch). */
  entries(prefix: string): [key: string, value: string][];
}
