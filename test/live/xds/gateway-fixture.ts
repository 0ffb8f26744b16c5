/** A served gateway for xDS tests: a real spec in a temporary directory, recompiled on each edit. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotCache } from '../../../src/xds/cache.js';
import { fileSnapshots } from '../../../src/xds/gateway-snapshot.js';
import type { Snapshot } from '../../../src/xds/snapshot.js';

/** What the tests vary in the spec. */
export interface SpecShape {
  /** Route path. */
  path?: string;
  /** Backend endpoint port. */
  endpointPort?: number;
  /** Add a second backend (and route) named extra. */
  extra?: boolean;
  /** Listener port on 127.0.0.1 (default 8080 on every address: never bound by protocol tests). */
  listenerPort?: number;
}

/** The spec text of gateway `name`. */
export function specText(name: string, shape: SpecShape = {}): string {
  const extraRoute = shape.extra ? `\n    - name: extra\n      match: { path: /extra }\n      backend: extra` : '';
  const extraBackend = shape.extra ? `\n    - name: extra\n      endpoints:\n        - { address: 127.0.0.1, port: 9100 }` : '';
  return `apiVersion: wsctl/v1
kind: Gateway
metadata:
  name: ${name}
spec:
  listeners:
    - name: public
      port: ${shape.listenerPort ?? 8080}${shape.listenerPort ? '\n      address: 127.0.0.1' : ''}
  routes:
    - name: ws
      match: { path: ${shape.path ?? '/ws'} }
      backend: app${extraRoute}
  backends:
    - name: app
      endpoints:
        - { address: 127.0.0.1, port: ${shape.endpointPort ?? 9000} }${extraBackend}
`;
}

/** Writes the spec, compiles it and publishes the snapshot; returns it and whether the cache changed. */
export function publisher(cache: SnapshotCache, name: string): (shape?: SpecShape) => { snapshot: Snapshot; changed: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'wsctl-xds-'));
  const file = join(dir, `${name}.yaml`);
  return (shape = {}) => {
    writeFileSync(file, specText(name, shape));
    const result = fileSnapshots(file, { previous: (g) => cache.get(g) });
    const snapshot = result.gateways[0]?.snapshot;
    if (!snapshot) throw new Error(JSON.stringify(result.diagnostics.concat(result.gateways.flatMap((g) => g.diagnostics))));
    return { snapshot, changed: cache.set(name, snapshot) };
  };
}
