import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StatusBook } from '../xds/status.js';
import { typeName } from '../xds/type-urls.js';

/** The control plane's Prometheus metrics, in a registry of their own (served at /metrics). */
export interface ControlMetrics {
  /** The registry to expose. */
  registry: Registry;
  /** A status book that also counts pushes, ACKs and NACKs, and reports each ACK with the node's group (gateway) to onAck. */
  observe(book: StatusBook, onAck: (group: string) => void): StatusBook;
  /** Counts an apply (or delete or rollback) by its result. */
  applied(operation: string, result: string): void;
  /** Records the time from an apply to the ACK that completed its rollout. */
  rolledOut(seconds: number): void;
}

/** Creates the metrics; connected nodes (and whether the store takes writes) are read when scraped. */
export function createControlMetrics(nodes: () => { streams: number; group: string }[], storeWritable: () => boolean = () => true): ControlMetrics {
  const registry = new Registry();
  new Gauge({
    name: 'wsctl_store_writable',
    help: '1 when the gateway store takes writes, 0 while it cannot (etcd unreachable: applies get 503, the last good snapshots keep serving).',
    registers: [registry],
    collect() {
      this.set(storeWritable() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'wsctl_xds_connected_nodes',
    help: 'Nodes with at least one open xDS stream, by gateway.',
    labelNames: ['gateway'],
    registers: [registry],
    collect() {
      this.reset();
      for (const n of nodes()) if (n.streams > 0) this.inc({ gateway: n.group });
    },
  });
  const pushes = new Counter({ name: 'wsctl_xds_pushes_total', help: 'xDS responses sent, by type.', labelNames: ['type'], registers: [registry] });
  const acks = new Counter({ name: 'wsctl_xds_acks_total', help: 'xDS responses ACKed, by type.', labelNames: ['type'], registers: [registry] });
  const nacks = new Counter({ name: 'wsctl_xds_nacks_total', help: 'xDS responses NACKed, by type.', labelNames: ['type'], registers: [registry] });
  const applies = new Counter({ name: 'wsctl_applies_total', help: 'Admin API writes, by operation and result.', labelNames: ['operation', 'result'], registers: [registry] });
  const latency = new Histogram({
    name: 'wsctl_apply_to_last_ack_seconds',
    help: 'Time from an apply until every connected node of the gateway ACKed it.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    registry,
    observe(book, onAck) {
      const groups = new Map<string, string>();
      return {
        ...book,
        opened(id, group) {
          groups.set(id, group);
          book.opened(id, group);
        },
        sent(id, typeUrl, version) {
          pushes.inc({ type: typeName(typeUrl) });
          book.sent(id, typeUrl, version);
        },
        acked(id, typeUrl, version) {
          acks.inc({ type: typeName(typeUrl) });
          book.acked(id, typeUrl, version);
          const group = groups.get(id);
          if (group !== undefined) onAck(group);
        },
        nacked(id, typeUrl, version, error) {
          nacks.inc({ type: typeName(typeUrl) });
          book.nacked(id, typeUrl, version, error);
        },
      };
    },
    applied: (operation, result) => applies.inc({ operation, result }),
    rolledOut: (seconds) => latency.observe(seconds),
  };
}
