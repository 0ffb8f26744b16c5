import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { CallSite } from './call-site.js';
import type { SiteEntry } from './synth.js';

/** The most specific builder call whose path is `path` or one of its parents. */
function siteFor(sites: readonly SiteEntry[], path: string): CallSite | undefined {
  let best: SiteEntry | undefined;
  for (const entry of sites) {
    const p = entry.path;
    const covers = p === '' || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`);
    if (covers && (!best || p.length >= best.path.length)) best = entry;
  }
  return best?.site;
}

/** How a module file is named in diagnostics: as the user gave it when it is the entry, else relative to the working directory. */
function displayName(file: string, entry: { given: string; absolute: string }): string {
  if (file === entry.absolute) return entry.given;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The column of the builder's call on its line: a transpiled module reports a shifted column, so find
 * `builder(` on the line (the reported column when it already points there).
 */
function columnOf(site: CallSite, lines: (file: string) => string[] | undefined): number {
  const text = lines(site.file)?.[site.line - 1];
  if (text === undefined) return site.col;
  const call = `${site.builder}(`;
  if (text.startsWith(call, site.col - 1)) return site.col;
  const at = text.search(new RegExp(`(?<![A-Za-z0-9_$])${site.builder}\\s*\\(`));
  return at >= 0 ? at + 1 : text.length - text.trimStart().length + 1;
}

/**
 * Moves diagnostics located in a gateway's JSON rendering to the `.ts`/`.js` line where the builder of
 * the element they concern was called; a diagnostic without a known builder call stays on the rendering.
 */
export function relocator(rendering: string, sites: readonly SiteEntry[], entryFile: string): (d: Diagnostic) => Diagnostic {
  const entry = { given: entryFile, absolute: resolve(entryFile) };
  const cache = new Map<string, string[] | undefined>();
  const lines = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
  return (d) => {
    if (d.file !== rendering) return d;
    const site = siteFor(sites, d.path);
    if (!site) return d;
    return { ...d, file: displayName(site.file, entry), line: site.line, col: columnOf(site, lines) };
  };
}
