import { dirname, resolve } from 'node:path';
import { makeBundle } from '../bundle/bundle.js';
import type { GatewayBundle } from '../bundle/types.js';
import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diag/diagnostic.js';
import { locate } from '../diag/locate.js';
import { isGatewayModule, loadGatewayModule } from '../dsl/load-module.js';
import { semanticChecks } from './checks/index.js';
import { createCheckContext } from './checks/context.js';
import { fileRefs } from './checks/files.js';
import { bundleFileSource, diskFileSource, type FileSource } from './file-source.js';
import type { LimitedRead } from './read-limited.js';
import { loadSpecFile, parseSpecText, type LoadedDocument, type LoadResult } from './load.js';
import { schemaDiagnostics } from './schema-diagnostics.js';
import type { Gateway } from './types.generated.js';

/** A gateway that passed every check, with where it came from. */
export interface SourcedGateway {
  /** The validated spec. */
  gateway: Gateway;
  /** File it was read from, as given. */
  file: string;
  /** Absolute directory that relative file paths resolve against (where configs that read files point). */
  specDir: string;
  /** The source document, for locating later diagnostics (e.g. target capability errors). */
  document: LoadedDocument;
  /** The gateway and the contents of every file it references, read once: what compiling needs. */
  bundle: GatewayBundle;
  /** For a gateway from a TypeScript/JavaScript module: moves a diagnostic from its JSON rendering to the builder call. */
  relocate?: (d: Diagnostic) => Diagnostic;
}

/** Everything validation found: the valid gateways and all diagnostics, sorted. */
export interface ValidationResult {
  /** Gateways without errors (empty when any error was found). */
  gateways: SourcedGateway[];
  /** Every problem, errors and warnings. */
  diagnostics: Diagnostic[];
  /** True when there is no error. */
  ok: boolean;
}

/** Reads every file a schema-valid gateway references, once, from its source. */
function readReferencedFiles(gateway: Gateway, source: FileSource): Map<string, LimitedRead> {
  const files = new Map<string, LimitedRead>();
  for (const ref of fileRefs(gateway)) if (!files.has(ref.value)) files.set(ref.value, source(ref.value));
  return files;
}

function textsOf(files: ReadonlyMap<string, LimitedRead>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [ref, read] of files) if ('text' in read) texts[ref] = read.text;
  return texts;
}

function validateDocuments(loaded: LoadResult, specDir: string, source: FileSource, diagnostics: Diagnostic[]): SourcedGateway[] {
  const gateways: SourcedGateway[] = [];
  for (const document of loaded.documents) {
    const schemaProblems = schemaDiagnostics(document);
    diagnostics.push(...schemaProblems);
    if (schemaProblems.length > 0) continue;
    const gateway = document.value as Gateway;
    const files = readReferencedFiles(gateway, source);
    const found: Diagnostic[] = [];
    const ctx = createCheckContext(document, gateway, files, found);
    for (const check of semanticChecks) check(ctx);
    diagnostics.push(...found);
    if (!hasErrors(found)) gateways.push({ gateway, file: document.source.file, specDir, document, bundle: makeBundle(gateway, textsOf(files)) });
  }
  return gateways;
}

function checkGatewayNamesUnique(gateways: readonly SourcedGateway[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, SourcedGateway>();
  for (const sourced of gateways) {
    const name = sourced.gateway.metadata.name;
    const first = seen.get(name);
    if (!first) {
      seen.set(name, sourced);
      continue;
    }
    const pos = locate(sourced.document.document, sourced.document.source.lineCounter, ['metadata', 'name']);
    const duplicate: Diagnostic = {
      code: Codes.DUPLICATE_GATEWAY,
      severity: 'error',
      message: `gateway "${name}" is already defined in ${first.file}`,
      path: 'metadata.name',
      file: sourced.document.source.file,
      line: pos.line,
      col: pos.col,
    };
    diagnostics.push(sourced.relocate ? sourced.relocate(duplicate) : duplicate);
  }
}

function finish(gateways: SourcedGateway[], diagnostics: Diagnostic[]): ValidationResult {
  checkGatewayNamesUnique(gateways, diagnostics);
  const ok = !hasErrors(diagnostics);
  return { gateways: ok ? gateways : [], diagnostics: sortDiagnostics(diagnostics), ok };
}

/**
 * Loads a TypeScript/JavaScript gateway module and validates each gateway it exports exactly as YAML,
 * through its JSON rendering; diagnostics move to the builder calls in the module where known.
 */
function validateModule(file: string, diagnostics: Diagnostic[]): SourcedGateway[] {
  const loaded = loadGatewayModule(file);
  diagnostics.push(...loaded.diagnostics);
  const specDir = dirname(resolve(file));
  return loaded.gateways.flatMap(({ rendering, json, relocate }) => {
    const found: Diagnostic[] = [];
    const parsed = parseSpecText(rendering, json);
    found.push(...parsed.diagnostics);
    const valid = validateDocuments(parsed, specDir, diskFileSource(specDir), found);
    diagnostics.push(...found.map(relocate));
    return valid.map((sourced) => ({ ...sourced, file, relocate }));
  });
}

/**
 * Loads and validates spec files: limits, syntax, schema, then semantic checks; all problems at once.
 * YAML and JSON files are parsed; `.ts`/`.js` gateway modules are loaded (see src/dsl).
 */
export function validateFiles(files: readonly string[]): ValidationResult {
  const diagnostics: Diagnostic[] = [];
  const gateways: SourcedGateway[] = [];
  for (const file of files) {
    if (isGatewayModule(file)) {
      gateways.push(...validateModule(file, diagnostics));
      continue;
    }
    const loaded = loadSpecFile(file);
    diagnostics.push(...loaded.diagnostics);
    const specDir = dirname(resolve(file));
    gateways.push(...validateDocuments(loaded, specDir, diskFileSource(specDir), diagnostics));
  }
  return finish(gateways, diagnostics);
}

/** Validates spec text that did not come from disk (admin API, tests); files resolve against specDir. */
export function validateText(file: string, text: string, specDir: string): ValidationResult {
  const diagnostics: Diagnostic[] = [];
  const loaded = parseSpecText(file, text);
  diagnostics.push(...loaded.diagnostics);
  return finish(validateDocuments(loaded, resolve(specDir), diskFileSource(resolve(specDir)), diagnostics), diagnostics);
}

/**
 * Validates a bundle without touching the disk: the same checks as a spec file, on the bundle's
 * gateway (shown as JSON, so diagnostics point at a line of it) and the file contents it carries.
 * `name` is the file name diagnostics use (default: `<gateway name>.json`).
 */
export function validateBundle(bundle: GatewayBundle, options: { name?: string; specDir?: string } = {}): ValidationResult {
  const metadata = (bundle.gateway as { metadata?: { name?: unknown } }).metadata;
  const name = options.name ?? `${typeof metadata?.name === 'string' ? metadata.name : 'bundle'}.json`;
  const diagnostics: Diagnostic[] = [];
  const loaded = parseSpecText(name, JSON.stringify(bundle.gateway, null, 2));
  diagnostics.push(...loaded.diagnostics);
  const specDir = resolve(options.specDir ?? '.');
  return finish(validateDocuments(loaded, specDir, bundleFileSource(bundle.files), diagnostics), diagnostics);
}
