/**
 * The key layout of the etcd store, under a prefix P (default /wsctl):
 *
 *   P/gateways/NAME            the gateway's record: current version and history (versions and times)
 *   P/bundles/NAME/VERSION     one applied bundle (canonical JSON), immutable: versions are content hashes
 *
 * A record names only versions whose bundle keys exist: both are written (and dropped bundles deleted)
 * in one transaction, guarded by the record's mod revision (compare-and-swap).
 */
export interface EtcdKeys {
  /** The prefix every key starts with, with a trailing slash (what the replicas watch). */
  root: string;
  /** Key of a gateway's record. */
  record(name: string): string;
  /** Key of one bundle of a gateway. */
  bundle(name: string, version: string): string;
  /** Prefix of every bundle key of a gateway. */
  bundles(name: string): string;
  /** A key read (by probes only) to check that etcd answers quorum reads. */
  probe: string;
  /** What a key is, or undefined for a key outside the layout. */
  parse(key: string): { kind: 'record'; name: string } | { kind: 'bundle'; name: string; version: string } | undefined;
}

const NAME = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

/** The keys under a prefix (no trailing slash). */
export function etcdKeys(prefix: string): EtcdKeys {
  const root = `${prefix}/`;
  const record = new RegExp(`^${escape(root)}gateways/(${NAME})$`);
  const bundle = new RegExp(`^${escape(root)}bundles/(${NAME})/([A-Za-z0-9]+)$`);
  return {
    root,
    record: (name) => `${root}gateways/${name}`,
    bundle: (name, version) => `${root}bundles/${name}/${version}`,
    bundles: (name) => `${root}bundles/${name}/`,
    probe: `${root}probe`,
    parse(key) {
      const r = record.exec(key);
      if (r?.[1]) return { kind: 'record', name: r[1] };
      const b = bundle.exec(key);
      if (b?.[1] && b[2]) return { kind: 'bundle', name: b[1], version: b[2] };
      return undefined;
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
