import { dirname } from 'node:path';
import type { Diagnostic, Severity } from '../../diag/diagnostic.js';
import { locate, type LocateTarget } from '../../diag/locate.js';
import { formatPath, type PathSegment } from '../../diag/path.js';
import type { LimitedRead } from '../read-limited.js';
import type { LoadedDocument } from '../load.js';
import type { Gateway } from '../types.generated.js';

/** Options of one reported problem. */
export interface ReportOptions {
  /** Default error. */
  severity?: Severity;
  /** Point at the key rather than the value. */
  target?: LocateTarget;
}

/** What every semantic check gets: the schema-valid gateway, where it came from, and a way to report. */
export interface CheckContext {
  /** The gateway, already valid against the schema. */
  gateway: Gateway;
  /** Every file the spec references, read once (from disk or a bundle), by the path as written. */
  files: ReadonlyMap<string, LimitedRead>;
  /** The spec file's directory as the user wrote it, for naming referenced files in diagnostics. */
  displayDir: string;
  /** Reports a problem at a field path of the document. */
  report(code: string, path: PathSegment[], message: string, options?: ReportOptions): void;
  /** Reports a problem at a position in another file (e.g. a tokens file). */
  reportInFile(diagnostic: Omit<Diagnostic, 'severity'> & { severity?: Severity }): void;
}

/** A semantic check: reads the gateway, reports problems, changes nothing. */
export type Check = (ctx: CheckContext) => void;

/** Builds a context that collects diagnostics located in the given document. */
export function createCheckContext(loaded: LoadedDocument, gateway: Gateway, files: ReadonlyMap<string, LimitedRead>, out: Diagnostic[]): CheckContext {
  return {
    gateway,
    files,
    displayDir: dirname(loaded.source.file),
    report(code, path, message, options = {}) {
      const pos = locate(loaded.document, loaded.source.lineCounter, path, options.target ?? 'value');
      out.push({
        code,
        severity: options.severity ?? 'error',
        message,
        path: formatPath(path),
        file: loaded.source.file,
        line: pos.line,
        col: pos.col,
      });
    },
    reportInFile(diagnostic) {
      out.push({ severity: 'error', ...diagnostic });
    },
  };
}
