/** What a wrangler.toml value may be: a name for the message and the allow-list it must match. */
export interface TomlValueKind {
  /** What the value is, for the error. */
  what: string;
  /** Anchored allow-list pattern. */
  allow: RegExp;
}

/** Thrown for a value outside its allow-list: the target turns it into a compile error. */
export class TomlValueRefused extends Error {}

/**
 * The one way a string reaches wrangler.toml: it must match its allow-list, and is then written as a
 * TOML basic string with `"`, `\` and every control character escaped (so even a too-wide allow-list
 * cannot end the string or the line).
 */
export function quoteToml(value: string, kind: TomlValueKind): string {
  if (!kind.allow.test(value)) throw new TomlValueRefused(`${kind.what} ${JSON.stringify(value)} is not allowed in wrangler.toml`);
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return `"${escaped}"`;
}

/** A Worker name: lower-case letters, digits and dashes, at most 63 characters. */
export const WORKER_NAME: TomlValueKind = { what: 'Worker name', allow: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/ };
/** A route pattern: a host name (optionally *.wildcard) followed by /*. */
export const ROUTE_PATTERN: TomlValueKind = { what: 'route pattern', allow: /^(?:\*\.)?[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?\/\*$/ };
/** A zone name: a DNS name. */
export const ZONE_NAME: TomlValueKind = { what: 'zone name', allow: /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/ };
/** A file path relative to wrangler.toml. */
export const MODULE_PATH: TomlValueKind = { what: 'module path', allow: /^[a-z0-9][a-z0-9._-]*\.js$/ };
/** A compatibility date. */
export const DATE: TomlValueKind = { what: 'compatibility date', allow: /^\d{4}-\d{2}-\d{2}$/ };
