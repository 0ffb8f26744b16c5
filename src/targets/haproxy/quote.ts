/**
 * The one quoting helper for every value that reaches haproxy.cfg. HAProxy's config tokenizer cuts a
 * line into words, honouring backslash escapes, weak "..." quoting (with $ENV expansion) and strong
 * '...' quoting. A value is emitted bare only when it is made of characters with no meaning to the
 * tokenizer; otherwise it is quoted (strongly when possible), so it always stays exactly one word
 * with exactly its own bytes (no $ expansion, no comment, no line break).
 */

/** Characters that mean nothing to the haproxy tokenizer outside quotes. */
const BARE_WORD = /^[A-Za-z0-9._:/@+,=%()[\]~*^?|!-]+$/;

/** Escapes one character for use inside a double-quoted haproxy word. */
function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
    case '\\':
    case '$':
      return `\\${ch}`;
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = ch.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
    }
  }
}

/** Printable ASCII without the single quote: representable verbatim inside strong '...' quoting. */
const STRONG_QUOTABLE = /^[\x20-\x26\x28-\x7e]+$/;

/**
 * Renders a value as exactly one haproxy config word: bare when safe, strongly quoted ('...', where
 * nothing is interpreted) when it is printable ASCII without a single quote, else double-quoted with
 * every special character escaped.
 */
export function haproxyWord(value: string | number): string {
  const text = String(value);
  if (BARE_WORD.test(text)) return text;
  if (STRONG_QUOTABLE.test(text)) return `'${text}'`;
  return `"${Array.from(text, escapeChar).join('')}"`;
}

/**
 * Asserts that a value used inside a sample-expression argument (e.g. hdr(NAME), url_param(NAME),
 * str(NAME)) is a plain token: the argument parser has its own delimiters (, and parentheses), so
 * such positions accept only what the schema's allow-lists already guarantee.
 */
export function argToken(value: string, what: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`${what} ${JSON.stringify(value)} cannot be used in a haproxy sample argument`);
  return value;
}

/**
 * Asserts that a value written as one line of a haproxy pattern file (-f FILE) is a single,
 * comment-free, untrimmed line: pattern files have no quoting at all.
 */
export function patternLine(value: string, what: string): string {
  if (!/^[\x21-\x22\x24-\x7e][\x20-\x7e]*$/.test(value) || value !== value.trim()) {
    throw new Error(`${what} ${JSON.stringify(value)} cannot be written to a haproxy pattern file`);
  }
  return value;
}

/**
 * Asserts that a value is one key of a haproxy map file: the key is the line's first run of non-blank
 * characters and the file has no quoting, so a key is printable ASCII without blanks and does not start
 * a comment.
 */
export function mapKey(value: string, what: string): string {
  if (!/^[\x21-\x7e]+$/.test(value) || value.startsWith('#')) throw new Error(`${what} ${JSON.stringify(value)} cannot be a haproxy map key`);
  return value;
}

/** Asserts that a map value is a generated name (letters, digits, . _ -): it is looked up again as a name. */
export function mapValue(value: string, what: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`${what} ${JSON.stringify(value)} cannot be a haproxy map value`);
  return value;
}
