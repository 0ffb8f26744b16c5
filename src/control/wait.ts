import type { AdminClient } from './client.js';
import type { GatewayRollout } from './rollout.js';

/** How a followed rollout ended. */
export interface WaitOutcome {
  /** converged: every connected node ACKed every type; nack: a node rejected it; timeout. */
  result: 'converged' | 'nack' | 'timeout';
  /** The last status read. */
  status: GatewayRollout | null;
}

/** One line of progress: nodes ACKed / total per type (and, with several replicas, across how many). */
export function progressLine(status: GatewayRollout): string {
  const types = Object.entries(status.progress).map(([type, p]) => `${type} ${p.acked}/${p.total}`);
  const fleet = status.fleet ? (status.fleet.stale ? ` to replica ${status.fleet.replica} (fleet view unavailable)` : ` across ${status.fleet.replicas.length} replica(s)`) : '';
  return `${status.gateway}: ${status.nodes.length} node(s) connected${fleet}${types.length ? `; ACKed ${types.join(', ')}` : ''}`;
}

/** A NACK as a line: its node (and replica) and Envoy's error. */
export function nackLine(gateway: string, nack: GatewayRollout['nacks'][number]): string {
  return `${gateway}: NACK from node ${nack.node}${nack.replica === undefined ? '' : ` (replica ${nack.replica})`} on ${nack.type} (version ${nack.version}): ${nack.error}`;
}

/**
 * Follows a gateway's rollout of snapshot `snapshotVersion` until every connected node ACKed every type
 * (converged; with several replicas, the nodes of all of them), a node NACKed it, or the timeout. Calls
 * onLine with a progress line whenever it changes and with each NACK (node, replica, type and Envoy's error).
 */
export async function waitForRollout(
  client: AdminClient,
  gateway: string,
  snapshotVersion: string,
  timeoutMs: number,
  onLine: (line: string, kind: 'progress' | 'nack') => void,
  pollMs = 100,
): Promise<WaitOutcome> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let status: GatewayRollout | null = null;
  for (;;) {
    const response = await client.request('GET', `/v1/gateways/${encodeURIComponent(gateway)}/status`);
    if (response.status === 200) {
      status = response.json as GatewayRollout;
      const line = progressLine(status);
      if (line !== last) onLine(line, 'progress');
      last = line;
      if (status.snapshotVersion === snapshotVersion) {
        if (status.nacks.length > 0) {
          for (const n of status.nacks) onLine(nackLine(gateway, n), 'nack');
          return { result: 'nack', status };
        }
        if (status.converged) return { result: 'converged', status };
      }
    }
    if (Date.now() > deadline) return { result: 'timeout', status };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
