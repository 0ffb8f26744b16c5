import type { AclView, RuleView } from './view-model.js';

/** An http-request rule with an optional condition. */
export function rule(words: string[], ...cond: string[]): RuleView {
  return { words, cond };
}

/** A named ACL with match flags and patterns. */
export function acl(name: string, fetch: string, flags: string[], values: string[] = []): AclView {
  return { name, fetch, flags, values };
}

/** Most patterns on one acl line: haproxy cuts a config line after 64 words. */
export const ACL_VALUES_PER_LINE = 32;

/**
 * One ACL over many patterns, split into lines of at most ACL_VALUES_PER_LINE patterns: haproxy
 * truncates a line after 64 words, and lines declaring the same ACL name are ORed together.
 */
export function aclLines(name: string, fetch: string, flags: string[], values: string[]): AclView[] {
  const lines: AclView[] = [];
  for (let i = 0; i < values.length; i += ACL_VALUES_PER_LINE) lines.push(acl(name, fetch, flags, values.slice(i, i + ACL_VALUES_PER_LINE)));
  return lines;
}

/** Negates an ACL name in a condition. */
export const not = (name: string): string => `!${name}`;
