import Handlebars from 'handlebars';
import { template as embeddedTemplate } from '../templates.js';
import { quoteNginx } from './quote.js';

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
  // one route location, shared by nginx.conf.hbs and any-host.conf.hbs; compiled by the same environment
  env.registerPartial('location', embeddedTemplate('nginx/location.hbs'));
  return env;
}

const nginxHandlebars = createNginxHandlebars();
const cache = new Map<string, Handlebars.TemplateDelegate>();

/** A template of templates/nginx as text (embedded at build time; also used by the triple-stash audit test). */
export function readNginxTemplate(name: string): string {
  return embeddedTemplate(`nginx/${name}`);
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
