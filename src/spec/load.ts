import { isCollection, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { LoadLimits } from './limits.js';
import { readFileLimited } from './read-limited.js';

/** A spec file as read from disk, kept for locating and rendering diagnostics. */
export interface SourceFile {
  /** Path as given by the user (used in diagnostics). */
  file: string;
  /** Full text. */
  text: string;
  /** Maps offsets to lines and columns. */
  lineCounter: LineCounter;
}

/** One YAML/JSON document of a spec file, with its plain value and its source nodes. */
export interface LoadedDocument {
  /** The file it came from. */
  source: SourceFile;
  /** 0-based index of the document in the file. */
  index: number;
  /** The parsed YAML document, with source ranges. */
  document: Document;
  /** The document as plain data. */
  value: unknown;
}

/** Result of loading one file: its non-empty documents and any problems. */
export interface LoadResult {
  /** The file, when it could be read. */
  source?: SourceFile;
  /** The documents that parsed. */
  documents: LoadedDocument[];
  /** Problems found while reading and parsing. */
  diagnostics: Diagnostic[];
}

function fileDiagnostic(file: string, code: string, message: string, line = 0, col = 0): Diagnostic {
  return { code, severity: 'error', message, path: '', file, line, col };
}

/** Depth of the deepest collection in a document, or the offset where maxDepth is first exceeded. */
function findTooDeep(doc: Document, maxDepth: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (found !== undefined) return visit.BREAK;
      if (!isCollection(node)) return undefined;
      const depth = path.filter((p) => isCollection(p)).length + 1;
      if (depth > maxDepth) {
        found = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Parses spec text (YAML, multi-document, or JSON) into documents, with every problem as a diagnostic. */
export function parseSpecText(file: string, text: string): LoadResult {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter };
  const diagnostics: Diagnostic[] = [];
  const documents: LoadedDocument[] = [];
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  if (docs.length > LoadLimits.maxDocuments) {
    diagnostics.push(fileDiagnostic(file, Codes.TOO_DEEP, `file holds ${docs.length} documents; at most ${LoadLimits.maxDocuments}`));
    return { source, documents, diagnostics };
  }
  docs.forEach((document, index) => {
    // the first syntax error is the real one; later ones are mostly its cascade
    const problems = [...document.errors, ...document.warnings].sort((a, b) => a.pos[0] - b.pos[0]).slice(0, 1);
    for (const problem of problems) {
      const pos = lineCounter.linePos(problem.pos[0]);
      const code = problem.code === 'DUPLICATE_KEY' ? Codes.DUPLICATE_KEY : Codes.SYNTAX;
      const message = problem.message.split('\n')[0] ?? problem.message;
      diagnostics.push(fileDiagnostic(file, code, message.replace(/ at line \d+, column \d+.*$/, ''), pos.line, pos.col));
    }
    if (problems.length > 0) return;
    const tooDeep = findTooDeep(document, LoadLimits.maxDepth);
    if (tooDeep !== undefined) {
      const pos = lineCounter.linePos(tooDeep);
      diagnostics.push(fileDiagnostic(file, Codes.TOO_DEEP, `nesting deeper than ${LoadLimits.maxDepth} levels`, pos.line, pos.col));
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: LoadLimits.maxAliasCount });
    } catch (error) {
      const pos = lineCounter.linePos(firstAliasOffset(document));
      const detail = error instanceof Error ? error.message : String(error);
      const isAliasBomb = /alias/i.test(detail);
      diagnostics.push(
        fileDiagnostic(
          file,
          isAliasBomb ? Codes.ALIAS_LIMIT : Codes.SYNTAX,
          isAliasBomb ? `too many alias expansions (more than ${LoadLimits.maxAliasCount}); refusing to expand` : detail,
          pos.line,
          pos.col,
        ),
      );
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. a trailing '---'
    documents.push({ source, index, document, value });
  });
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push(fileDiagnostic(file, Codes.EMPTY, 'file holds no document', 1, 1));
  }
  return { source, documents, diagnostics };
}

/** Reads and parses one spec file within the load limits. */
export function loadSpecFile(file: string): LoadResult {
  const read = readFileLimited(file, LoadLimits.maxFileBytes);
  if ('text' in read) return parseSpecText(file, read.text);
  const code = read.problem === 'too-large' ? Codes.FILE_TOO_LARGE : Codes.FILE_UNREADABLE;
  const message = read.problem === 'missing' ? 'cannot read file (ENOENT)' : `file ${read.detail}`;
  return { documents: [], diagnostics: [fileDiagnostic(file, code, message)] };
}

