import type { AclView, RuleView } from './view-model.js';

/** An http-request rule with an optional condition. */
export function rule(words: string[], ...cond: string[]): RuleView {
  return { words, cond };
}

/** A named ACL with match flags and patterns. */
export function acl(name: string, fetch: string, flags: string[], values: string[] = []): AclView {
  return { name, fetch, flags, values };
}

/** Negates an ACL name in a condition. */
export const not = (name: string): string => `!${name}`;
