import Handlebars from 'handlebars';
import { template } from '../templates.js';
import { haproxyWord } from './quote.js';
import type { HaproxyView } from './view-model.js';

/** Partials the main template includes. */
const PARTIALS = ['frontend', 'backend'] as const;
/** Name under which the quoting function is reachable from compiled templates. */
const QUOTE_HELPER = 'wsctlHaproxyWord';

/** The part of Handlebars' JavaScriptCompiler that decides how {{value}} is escaped (untyped upstream). */
interface CompilerInternals {
  pushSource(source: unknown): void;
  appendToBuffer(parts: unknown[]): unknown;
  popStack(): unknown;
}
type CompilerConstructor = { new (): object; prototype: object };

/**
 * An isolated Handlebars environment whose {{value}} quotes for haproxy instead of escaping HTML.
 * Handlebars reads its escape function from a module shared by every environment, so instead the
 * environment gets its own compiler whose escaped-append calls our quoting helper; other targets'
 * environments are untouched.
 */
export function createHaproxyHandlebars(): typeof Handlebars {
  const env = Handlebars.create();
  const holder = env as unknown as { JavaScriptCompiler: CompilerConstructor };
  const Base = holder.JavaScriptCompiler;
  function QuotingCompiler(this: object): void {
    Base.call(this);
  }
  QuotingCompiler.prototype = Object.create(Base.prototype) as object;
  const proto = QuotingCompiler.prototype as CompilerInternals & { compiler: unknown; appendEscaped: (this: CompilerInternals) => void };
  proto.compiler = QuotingCompiler;
  proto.appendEscaped = function appendEscaped(this: CompilerInternals): void {
    this.pushSource(this.appendToBuffer([`helpers.${QUOTE_HELPER}(`, this.popStack(), ', {})']));
  };
  holder.JavaScriptCompiler = QuotingCompiler as unknown as CompilerConstructor;
  env.registerHelper(QUOTE_HELPER, (value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`haproxy template printed a ${typeof value}, not a string or number`);
    return haproxyWord(value);
  });
  return env;
}

const readTemplate = (name: string): string => template(`haproxy/${name}.hbs`);

let compiled: ((view: HaproxyView) => string) | undefined;

/** Renders haproxy.cfg from its view model (templates compiled once per process). */
export function renderHaproxyConfig(view: HaproxyView): string {
  if (!compiled) {
    const env = createHaproxyHandlebars();
    for (const name of PARTIALS) env.registerPartial(name, env.compile(readTemplate(name), { strict: true, noEscape: false }));
    compiled = env.compile<HaproxyView>(readTemplate('haproxy.cfg'), { strict: true });
  }
  return compiled(view);
}
