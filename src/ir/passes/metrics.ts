import type { Gateway } from '../../spec/types.generated.js';
import type { IrMetrics } from '../types.js';

/** Default bind address of the metrics listener: loopback, since metrics are not for the internet. */
export const DEFAULT_METRICS_ADDRESS = '127.0.0.1';

/** The metrics listener with its defaults resolved, or null when the spec has none. */
export function lowerMetrics(gateway: Gateway): IrMetrics | null {
  const metrics = gateway.spec.metrics;
  if (!metrics) return null;
  return { address: metrics.address ?? DEFAULT_METRICS_ADDRESS, port: metrics.port, path: metrics.path ?? '/metrics' };
}
