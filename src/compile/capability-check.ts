import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { IrGateway } from '../ir/types.js';
import type { SourcedGateway } from '../spec/validate.js';
import { FEATURES, featuresUsed } from '../targets/features.js';
import type { Target } from '../targets/target.js';
import { diagnosticAt } from './locate-element.js';

/**
 * Refuses every feature the gateway uses that the target cannot honour: an error naming the feature,
 * the target and why; with allowDegraded, a 'degraded' feature becomes a warning naming the fallback.
 */
export function checkCapabilities(
  ir: IrGateway,
  target: Target,
  source: SourcedGateway,
  allowDegraded: boolean,
  jwksKeyTypes: (file: string) => string[],
): Diagnostic[] {
  const table = target.capabilities;
  if (!table) return [];
  const out: Diagnostic[] = [];
  for (const use of featuresUsed(ir, jwksKeyTypes)) {
    const support = table[use.feature];
    if (support.level === 'yes') continue;
    const what = `${FEATURES[use.feature]} (${use.feature})`;
    if (support.level === 'no') {
      out.push(diagnosticAt(source, Codes.UNSUPPORTED_FEATURE, 'error', `target ${target.name} cannot honour ${what}: ${support.why}`, use));
    } else if (allowDegraded) {
      out.push(diagnosticAt(source, Codes.DEGRADED_FEATURE, 'warning', `target ${target.name} degrades ${what}: ${support.why}; instead: ${support.fallback}`, use));
    } else {
      const message = `target ${target.name} cannot honour ${what} faithfully: ${support.why} (--allow-degraded accepts the fallback: ${support.fallback})`;
      out.push(diagnosticAt(source, Codes.UNSUPPORTED_FEATURE, 'error', message, use));
    }
  }
  return out;
}
