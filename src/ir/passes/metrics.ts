import type { Gateway } from '../../spec/types.generated.js';
import type { IrMetrics } from '../types.js';

import { DEFAULT_METRICS_ADDRESS } from '../../spec/defaults.js';

export { DEFAULT_METRICS_ADDRESS };

/** The metrics listener with its defaults resolved, or null when the spec has none. */
export function lowerMetrics(gateway: Gateway): IrMetrics | null {
  const metrics = gateway.spec.metrics;
  if (!metrics) return null;
  return { address: metrics.address ?? DEFAULT_METRICS_ADDRESS, port: metrics.port, path: metrics.path ?? '/metrics' };
}
