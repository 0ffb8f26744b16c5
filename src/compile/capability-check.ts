import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { locate } from '../diag/locate.js';
import { formatPath, type PathSegment } from '../diag/path.js';
import type { IrGateway } from '../ir/types.js';
import type { SourcedGateway } from '../spec/validate.js';
import { FEATURES, featuresUsed, type FeatureUse } from '../targets/features.js';
import type { Target } from '../targets/target.js';

const LISTS = { listener: 'listeners', route: 'routes', backend: 'backends', authProvider: 'authProviders' } as const;

/** The spec path of a feature use: the element's index in its spec list, then the field. */
export function specPathOf(source: SourcedGateway, use: FeatureUse): PathSegment[] {
  if (use.element === 'gateway') return use.field.length ? ['spec', ...use.field] : ['metadata', 'name'];
  const list = LISTS[use.element];
  const items = (source.gateway.spec[list] ?? []) as readonly { name: string }[];
  const index = items.findIndex((item) => item.name === use.name);
  return ['spec', list, index, ...use.field];
}

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
    const path = specPathOf(source, use);
    const pos = locate(source.document.document, source.document.source.lineCounter, path, 'key');
    const base = { path: formatPath(path), file: source.file, line: pos.line, col: pos.col };
    const what = `${FEATURES[use.feature]} (${use.feature})`;
    if (support.level === 'no') {
      out.push({ ...base, code: Codes.UNSUPPORTED_FEATURE, severity: 'error', message: `target ${target.name} cannot honour ${what}: ${support.why}` });
    } else if (allowDegraded) {
      out.push({ ...base, code: Codes.DEGRADED_FEATURE, severity: 'warning', message: `target ${target.name} degrades ${what}: ${support.why}; instead: ${support.fallback}` });
    } else {
      out.push({
        ...base,
        code: Codes.UNSUPPORTED_FEATURE,
        severity: 'error',
        message: `target ${target.name} cannot honour ${what} faithfully: ${support.why} (--allow-degraded accepts the fallback: ${support.fallback})`,
      });
    }
  }
  return out;
}
