import type { Diagnostic, Severity } from '../diag/diagnostic.js';
import { locate } from '../diag/locate.js';
import { formatPath, type PathSegment } from '../diag/path.js';
import type { SourcedGateway } from '../spec/validate.js';
import type { SpecElement } from '../targets/target.js';

const LISTS = { listener: 'listeners', route: 'routes', backend: 'backends', authProvider: 'authProviders' } as const;

/** The spec path of an element known by name (the IR is sorted, so indexes come from the spec). */
export function specPathOf(source: SourcedGateway, at: SpecElement): PathSegment[] {
  if (at.element === 'gateway') return at.field.length ? ['spec', ...at.field] : ['metadata', 'name'];
  const list = LISTS[at.element];
  const items = (source.gateway.spec[list] ?? []) as readonly { name: string }[];
  const index = items.findIndex((item) => item.name === at.name);
  return ['spec', list, index, ...at.field];
}

/** A diagnostic at a spec element's key (nearest existing parent when the field is absent), or unplaced. */
export function diagnosticAt(source: SourcedGateway, code: string, severity: Severity, message: string, at?: SpecElement): Diagnostic {
  if (!at) return { code, severity, message, path: '', file: source.file, line: 0, col: 0 };
  const path = specPathOf(source, at);
  const pos = locate(source.document.document, source.document.source.lineCounter, path, 'key');
  const located: Diagnostic = { code, severity, message, path: formatPath(path), file: source.document.source.file, line: pos.line, col: pos.col };
  return source.relocate ? source.relocate(located) : located;
}
