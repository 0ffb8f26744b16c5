/**
 * The one place a value becomes nginx config text. Every value a template prints goes through
 * quoteNginx (it is the escapeExpression of the nginx Handlebars environment), so spec strings can
 * never add a directive, a block, a comment or a variable reference to the generated config.
 */

/** Control characters end a directive or a line in nginx's tokenizer: never allowed. */
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** A variable name wsctl itself composes; nginx variable names are [A-Za-z0-9_]. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Text that may contain nginx variable references ($name), composed only by wsctl code from vetted
 * parts (see nginxText). Spec strings are plain strings and can never hold a live `$`.
 */
export class NginxText {
  /** The composed text, variables included. */
  readonly text: string;
  /** Use nginxText() or nginxVar(); the constructor is not for spec strings. */
  constructor(text: string) {
    this.text = text;
  }
}

/** A PCRE regular expression for a location: `$` is an anchor there, not a variable. */
export class NginxRegex {
  /** The expression, as validated by the spec checks. */
  readonly source: string;
  /** Wraps a validated regex path. */
  constructor(source: string) {
    this.source = source;
  }
}

/**
 * A multi-line response body: lines of composed text, each ending in a newline, rendered as one quoted
 * token where every line break is nginx's `\n` escape (never a raw control character in the config).
 */
export class NginxLines {
  /** The lines, without their newlines. */
  readonly lines: readonly NginxText[];
  /** Wraps composed lines (see nginxText). */
  constructor(lines: readonly NginxText[]) {
    this.lines = lines;
  }
}

/** A reference to an nginx variable, e.g. nginxVar('cookie', name) is $cookie_NAME. */
export function nginxVar(...parts: string[]): NginxText {
  const name = parts.join('_');
  if (!VARIABLE_NAME.test(name)) throw new Error(`not an nginx variable name: ${JSON.stringify(name)}`);
  return new NginxText(`$${name}`);
}

/**
 * Concatenates literal text and variables into one value, e.g. nginxText(name, '=', nginxVar('request_id')).
 * Plain string parts must be free of `$` and control characters: they are data, not expressions.
 */
export function nginxText(...parts: (string | NginxText)[]): NginxText {
  return new NginxText(parts.map((p) => (p instanceof NginxText ? p.text : plain(p))).join(''));
}

function plain(value: string): string {
  if (CONTROL.test(value)) throw new Error(`control character in a config value: ${JSON.stringify(value)}`);
  if (value.includes('$')) throw new Error(`"$" in a config value would be read as an nginx variable: ${JSON.stringify(value)}`);
  return value;
}

function doubleQuoted(text: string): string {
  if (CONTROL.test(text)) throw new Error(`control character in a config value: ${JSON.stringify(text)}`);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Renders one template value as a single nginx token: integers bare, everything else double-quoted
 * with `\` and `"` escaped. Plain strings may not hold `$` (nginx has no escape for it in values);
 * anything else (booleans, objects, fractions) is a programming error and throws.
 */
export function quoteNginx(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer config value: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return doubleQuoted(plain(value));
  if (value instanceof NginxText) return doubleQuoted(value.text);
  if (value instanceof NginxRegex) return doubleQuoted(value.source);
  if (value instanceof NginxLines) return `"${value.lines.map((line) => doubleQuoted(line.text).slice(1, -1) + '\\n').join('')}"`;
  throw new Error(`cannot render ${typeof value} ${String(value)} into nginx config`);
}
