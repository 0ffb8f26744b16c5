import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { quoteNginx } from './quote.js';

/** Where the nginx templates live, from src/targets/nginx or dist/targets/nginx alike. */
export const NGINX_TEMPLATE_DIR = new URL('../../../templates/nginx/', import.meta.url);

/** The subset of Handlebars' JavaScriptCompiler this module extends (its public extension point). */
interface CompilerInternals {
  pushSource(source: string): void;
  appendToBuffer(parts: string[]): string;
  aliasable(name: string): string;
  popStack(): string;
}

/** Name of the helper that the compiled `{{value}}` calls instead of HTML escaping. */
const QUOTE_HELPER = 'nginxQuote';

/**
 * An isolated Handlebars environment for nginx: `{{value}}` is rendered by quoteNginx instead of
 * HTML-escaped, so a plain mustache is always a safe, single nginx token. Handlebars reads its
 * escaper from the shared Utils module, so the environment gets its own compiler subclass whose
 * escaped output calls the quoting helper (with an explicit options object, as Handlebars wraps helpers
 * to take one last); other targets' environments are untouched.
 */
function createNginxHandlebars(): typeof Handlebars {
  const env = Handlebars.create();
  const Base = (env as unknown as { JavaScriptCompiler: new () => CompilerInternals }).JavaScriptCompiler;
  class NginxCompiler extends Base {
    appendEscaped(this: CompilerInternals): void {
      this.pushSource(this.appendToBuffer([this.aliasable(`container.helpers.${QUOTE_HELPER}`), '(', this.popStack(), ', {})']));
    }
  }
  // nested blocks ({{#each}}, {{#if}}) are compiled by `prototype.compiler`: it must be ours too
  (NginxCompiler.prototype as unknown as { compiler: unknown }).compiler = NginxCompiler;
  (env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = NginxCompiler;
  env.registerHelper(QUOTE_HELPER, (value: unknown) => quoteNginx(value));
  return env;
}

const nginxHandlebars = createNginxHandlebars();
const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Reads a template file of templates/nginx as text (also used by the triple-stash audit test). */
export function readNginxTemplate(name: string): string {
  return readFileSync(new URL(name, NGINX_TEMPLATE_DIR), 'utf8');
}

/** Renders templates/nginx/NAME with a view model; strict, so a missing field fails instead of printing nothing. */
export function renderNginxTemplate(name: string, view: object): string {
  let template = cache.get(name);
  if (!template) {
    template = nginxHandlebars.compile(readNginxTemplate(name), { strict: true, noEscape: false, preventIndent: true });
    cache.set(name, template);
  }
  return template(view);
}
