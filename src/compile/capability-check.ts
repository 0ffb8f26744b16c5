import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { IrGateway } from '../ir/types.js';
import { FEATURES, featuresUsed } from '../targets/features.js';
import type { SpecElement, Target } from '../targets/target.js';

/** Makes a diagnostic located at a spec element (or unplaced). */
type Locate = (code: string, severity: Diagnostic['severity'], message: string, at?: SpecElement) => Diagnostic;

/**
 * Refuses every feature the gateway uses that the target cannot honour: an error naming the feature,
 * the target and why; with allowDegraded, a 'degraded' feature becomes a warning naming the fallback.
 */
export function checkCapabilities(
  ir: IrGateway,
  target: Target,
  locate: Locate,
  allowDegraded: boolean,
): Diagnostic[] {
  const table = target.capabilities;
  if (!table) return [];
  const out: Diagnostic[] = [];
  for (const use of featuresUsed(ir)) {
    const support = table[use.feature];
    if (support.level === 'yes') continue;
    const what = `${FEATURES[use.feature]} (${use.feature})`;
    if (support.level === 'no') {
      out.push(locate(Codes.UNSUPPORTED_FEATURE, 'error', `target ${target.name} cannot honour ${what}: ${support.why}`, use));
    } else if (allowDegraded) {
      out.push(locate(Codes.DEGRADED_FEATURE, 'warning', `target ${target.name} degrades ${what}: ${support.why}; instead: ${support.fallback}`, use));
    } else {
      const message = `target ${target.name} cannot honour ${what} faithfully: ${support.why} (--allow-degraded accepts the fallback: ${support.fallback})`;
      out.push(locate(Codes.UNSUPPORTED_FEATURE, 'error', message, use));
    }
  }
  return out;
}
