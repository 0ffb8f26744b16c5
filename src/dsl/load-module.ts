import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { parseStack } from './call-site.js';
import { kindOf } from './mark.js';
import { relocator } from './relocate.js';
import { synthesize } from './synth.js';

/** File extensions loaded as gateway modules rather than parsed as YAML/JSON. */
const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** True when a spec file is a TypeScript or JavaScript gateway module. */
export function isGatewayModule(file: string): boolean {
  return MODULE_EXTENSIONS.some((ext) => file.endsWith(ext));
}

/** One gateway a module exported, rendered as the JSON the validator reads, with how to relocate its diagnostics. */
export interface ModuleGateway {
  /** Name of the JSON rendering in diagnostics that no builder call explains: `FILE#N.json`. */
  rendering: string;
  /** The spec object as JSON text. */
  json: string;
  /** Moves a diagnostic from the rendering to the builder call in the module. */
  relocate: (d: Diagnostic) => Diagnostic;
}

/** What loading a gateway module gave: its gateways, or the diagnostics that stopped it. */
export interface LoadedModule {
  /** The gateways of the default export, in order. */
  gateways: ModuleGateway[];
  /** Problems loading the module (it threw, did not compile, or exported no gateway). */
  diagnostics: Diagnostic[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** wsctl's own code (src/ or dist/): frames inside it are not where the user's problem is. */
const codeRoot = resolve(here, '..');
/**
 * What a module's `import ... from 'wsctl'` gets: this very copy of wsctl, loaded natively and shared
 * with the running CLI. Run from the TypeScript sources (wsctl's own tests) the package root would be
 * transpiled anew on every load, so there it is the DSL alone (DSL objects do not depend on which copy
 * made them).
 */
const ownEntry = existsSync(resolve(codeRoot, 'index.js')) ? resolve(codeRoot, 'index.js') : resolve(here, 'index.ts');

function moduleDiagnostic(file: string, code: string, message: string, line = 0, col = 0): Diagnostic {
  return { code, severity: 'error', message, path: '', file, line, col };
}

/** Directories whose frames are not where the user's problem is: wsctl's code and launcher, and dependencies. */
function isUserFrame(file: string): boolean {
  return !file.startsWith(codeRoot + sep) && !file.startsWith(resolve(codeRoot, '..', 'bin') + sep) && !file.includes(`${sep}node_modules${sep}`);
}

/** A transpiler syntax error names its position on the line after the message: ` /path/gateway.ts:2:10`. */
const SYNTAX_AT = /^\s*(\S+?):(\d+):(\d+)\s*$/;

/** The loader is synchronous (validateFiles is): a module-level `await` cannot run; point at the first one. */
function topLevelAwait(file: string, absolute: string): Diagnostic {
  const lines = readFileSync(absolute, 'utf8').split(/\r?\n/);
  const index = lines.findIndex((l) => /(^|[^A-Za-z0-9_$.])await\b/.test(l));
  const col = index >= 0 ? (lines[index] ?? '').search(/\bawait\b/) + 1 : 0;
  const message = 'top-level await is not supported in a gateway module (wsctl loads it synchronously): build the gateway without awaiting';
  return moduleDiagnostic(file, Codes.MODULE_FAILED, message, index + 1, col);
}

function loadError(file: string, absolute: string, error: unknown): Diagnostic {
  const [first = '', second = ''] = (error instanceof Error ? error.message : String(error)).split('\n');
  const named = (f: string): string => (f === absolute ? file : f);
  const syntax = SYNTAX_AT.exec(second);
  if (first.startsWith('ParseError: ') && syntax?.[1]) {
    return moduleDiagnostic(named(syntax[1]), Codes.MODULE_FAILED, `the gateway module does not parse: ${first.slice('ParseError: '.length).trim()}`, Number(syntax[2]), Number(syntax[3]));
  }
  if (/await is only valid in async functions/.test(first)) return topLevelAwait(file, absolute);
  const frame = parseStack(error instanceof Error ? error.stack : undefined).find((f) => isUserFrame(f.file));
  const message = `the gateway module failed while loading: ${first.trim()}`;
  return frame ? moduleDiagnostic(named(frame.file), Codes.MODULE_FAILED, message, frame.line, frame.col) : moduleDiagnostic(file, Codes.MODULE_FAILED, message);
}

let shared: { value: unknown } | undefined;

/** This copy of wsctl as a module object, loaded natively (Node's require of ESM), or undefined where that is unavailable. */
function wsctlItself(): unknown {
  if (!shared) {
    try {
      shared = { value: createRequire(import.meta.url)(ownEntry) };
    } catch {
      shared = { value: undefined };
    }
  }
  return shared.value;
}

/** jiti, loaded on the first TypeScript spec only: a YAML compile does not pay for it at start-up (~40 ms). */
function loadJiti(): typeof import('jiti') {
  return createRequire(import.meta.url)('jiti') as typeof import('jiti');
}

/**
 * Imports a module synchronously, fresh on each call (jiti: TypeScript and ESM without a build step;
 * a reload sees edits). `wsctl` is this running copy, not whichever one the module's folder holds.
 */
function importModule(absolute: string): unknown {
  const itself = wsctlItself();
  const jiti = loadJiti().createJiti(import.meta.url, {
    ...(itself === undefined ? { alias: { wsctl: ownEntry } } : { virtualModules: { wsctl: itself } }),
    moduleCache: false,
    tryNative: false,
    interopDefault: false,
  });
  return jiti(absolute);
}

function defaultExport(mod: unknown): unknown {
  if (typeof mod !== 'object' || mod === null) return undefined;
  return (mod as { default?: unknown }).default;
}

/**
 * Loads a gateway module (`.ts` or `.js`; its default export is a gateway or an array of them) and renders
 * each gateway as the spec object the YAML path would produce, ready for the same validation.
 */
export function loadGatewayModule(file: string): LoadedModule {
  const absolute = resolve(file);
  if (!existsSync(absolute)) return { gateways: [], diagnostics: [moduleDiagnostic(file, Codes.FILE_UNREADABLE, 'cannot read file (ENOENT)')] };
  let exported: unknown;
  try {
    exported = defaultExport(importModule(absolute));
  } catch (error) {
    return { gateways: [], diagnostics: [loadError(file, absolute, error)] };
  }
  const items = Array.isArray(exported) ? exported : [exported];
  if (exported === undefined || items.length === 0 || items.some((g) => kindOf(g) !== 'gateway' && (typeof g !== 'object' || g === null))) {
    const message = 'the module must export a gateway as its default export: `export default gateway({ ... })` (or an array of gateways)';
    return { gateways: [], diagnostics: [moduleDiagnostic(file, Codes.NO_GATEWAY_EXPORT, message, 1, 1)] };
  }
  const gateways: ModuleGateway[] = [];
  const diagnostics: Diagnostic[] = [];
  items.forEach((item, index) => {
    const rendering = `${file}#${index}.json`;
    try {
      const { gateway, sites } = synthesize(item, dirname(absolute));
      gateways.push({ rendering, json: `${JSON.stringify(gateway, null, 2)}\n`, relocate: relocator(rendering, sites, file) });
    } catch (error) {
      diagnostics.push(moduleDiagnostic(file, Codes.MODULE_FAILED, `gateway ${index}: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
  return { gateways, diagnostics };
}
