/**
 * A small, linear YAML writer for plain data (objects, arrays, strings, finite numbers, booleans,
 * null), in block style. The `yaml` package re-indents nested blocks level by level, which made
 * serializing a 10,000-route bootstrap the bulk of the Envoy compile; this writer appends each line once.
 * Strings are written plain only when no YAML reader can take them for anything else, otherwise
 * double-quoted with every character YAML cannot carry verbatim escaped.
 */

/**
 * A plain scalar: starts with a letter, '_' or '/' (then ':' and '=' may follow, as in URLs, never at the
 * end), or with a digit (then it must not read as a number, and holds no ':', which YAML 1.1 reads as base 60).
 */
const PLAIN = /^([A-Za-z_/][A-Za-z0-9_./:=-]*[A-Za-z0-9_./=-]|[A-Za-z_/]|[0-9][A-Za-z0-9_./-]*)$/;
/** Words YAML 1.1 or 1.2 readers turn into booleans or null. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null)$/i;
/** What a YAML reader may take for a number (ints, floats, hex/octal/binary, YAML 1.1 sexagesimal and dates). */
const NUMERIC = /^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$/;
/** Characters YAML does not allow verbatim in a double-quoted scalar (beyond the C0 controls JSON escapes). */
const NOT_PRINTABLE = /[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]/g;

/** A string as a YAML scalar: plain when unambiguous, else double-quoted (JSON escapes are YAML escapes). */
export function yamlString(value: string): string {
  if (PLAIN.test(value) && !RESERVED.test(value) && !NUMERIC.test(value)) return value;
  return JSON.stringify(value).replace(NOT_PRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: unknown): string | null {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to YAML`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return null;
}

const isEmpty = (value: object): boolean => (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
const entries = (value: object): [string, unknown][] => Object.entries(value).filter(([, v]) => v !== undefined);

function writeMap(out: string[], value: object, indent: string, firstIndent: string): void {
  let first = true;
  for (const [key, item] of entries(value)) {
    const lead = first ? firstIndent : indent;
    first = false;
    writeEntry(out, `${lead}${yamlString(key)}:`, item, indent);
  }
  if (first) out.push(`${firstIndent}{}\n`);
}

/** One `key:` or `-` line and its value: inline when a scalar or empty, else a nested block. */
function writeEntry(out: string[], head: string, item: unknown, indent: string): void {
  const text = scalar(item);
  if (text !== null) out.push(`${head} ${text}\n`);
  else if (typeof item !== 'object' || item === null) throw new Error(`cannot write a ${typeof item} to YAML`);
  else if (isEmpty(item)) out.push(`${head} ${Array.isArray(item) ? '[]' : '{}'}\n`);
  else {
    out.push(`${head}\n`);
    if (Array.isArray(item)) writeSeq(out, item, `${indent}  `);
    else writeMap(out, item, `${indent}  `, `${indent}  `);
  }
}

function writeSeq(out: string[], items: readonly unknown[], indent: string): void {
  for (const item of items) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && !isEmpty(item)) {
      // the first key goes on the dash line: "- name: x", the others under it
      writeMap(out, item, `${indent}  `, `${indent}- `);
    } else writeEntry(out, `${indent}-`, item, indent);
  }
}

/** Plain data as a YAML document in block style (sequences indented under their key). */
export function writeYaml(data: unknown): string {
  const out: string[] = [];
  const text = scalar(data);
  if (text !== null) return `${text}\n`;
  if (Array.isArray(data)) {
    if (data.length === 0) return '[]\n';
    writeSeq(out, data, '');
  } else if (typeof data === 'object' && data !== null) {
    if (isEmpty(data)) return '{}\n';
    writeMap(out, data, '', '');
  } else throw new Error(`cannot write a ${typeof data} to YAML`);
  return out.join('');
}
