import type { CallSite } from './call-site.js';

/**
 * Brands the objects DSL builders return. A registered symbol, so a gateway module that loaded another
 * copy of wsctl still produces objects this copy recognises.
 */
export const DSL_MARK: unique symbol = Symbol.for('wsctl.dsl');

/** What a DSL object is. */
export type DslKind = 'gateway' | 'listener' | 'route' | 'backend' | 'jwtProvider' | 'file';

/** An object a DSL builder returned: its kind (non-enumerable brand) and where the builder was called. */
export interface Branded<K extends DslKind> {
  /** The kind of builder that made it. */
  readonly [DSL_MARK]: K;
  /** Where the builder was called, when the runtime could tell. */
  readonly site: CallSite | undefined;
}

/** Brands a frozen object as made by a builder of the given kind. */
export function brand<K extends DslKind, T extends object>(kind: K, value: T): T & Branded<K> {
  Object.defineProperty(value, DSL_MARK, { value: kind, enumerable: false });
  return Object.freeze(value) as T & Branded<K>;
}

/** The kind of a DSL object, or undefined for anything else. */
export function kindOf(value: unknown): DslKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as Partial<Record<typeof DSL_MARK, unknown>>)[DSL_MARK];
  return typeof kind === 'string' ? (kind as DslKind) : undefined;
}
