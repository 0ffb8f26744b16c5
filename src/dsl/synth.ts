import { isAbsolute, relative, sep } from 'node:path';
import { formatPath, type PathSegment } from '../diag/path.js';
import type { CallSite } from './call-site.js';
import type { FileRef } from './file.js';
import { kindOf } from './mark.js';
import type { DslGateway } from './refs.js';

/** Where one element of the spec object was built: a field path and the builder call. */
export interface SiteEntry {
  /** Field path in the spec object, formatted (spec.routes[0]); '' for the gateway itself. */
  path: string;
  /** The builder call. */
  site: CallSite;
}

/** A gateway turned into the plain spec object the YAML path produces, with where each part was built. */
export interface Synthesized {
  /** The spec object (not yet validated: the validator sees it exactly as it sees parsed YAML). */
  gateway: unknown;
  /** Builder calls by field path, most specific last. */
  sites: SiteEntry[];
}

const MAX_DEPTH = 64;

type Plain = Record<string, unknown>;

interface Synth {
  specDir: string;
  sites: SiteEntry[];
}

function record(ctx: Synth, path: readonly PathSegment[], site: CallSite | undefined): void {
  if (site) ctx.sites.push({ path: formatPath(path), site });
}

/** A file reference as the spec writes it: relative to the gateway module's directory, with '/' separators. */
function filePath(ctx: Synth, ref: FileRef): string {
  if (ref.resolved === undefined || isAbsolute(ref.path)) return ref.path;
  return relative(ctx.specDir, ref.resolved).split(sep).join('/');
}

/**
 * Deep plain copy of builder options: undefined fields dropped, file() values rendered as paths, and
 * objects built by listener(), backend() or jwtProvider() used as references rendered as their names.
 */
function plain(ctx: Synth, value: unknown, path: PathSegment[]): unknown {
  if (path.length > MAX_DEPTH) throw new RangeError(`the gateway nests deeper than ${MAX_DEPTH} levels (a cycle?) at ${formatPath(path)}`);
  const kind = kindOf(value);
  if (kind === 'file') {
    const ref = value as FileRef;
    record(ctx, path, ref.site);
    return filePath(ctx, ref);
  }
  if (kind !== undefined) return (value as { name: string }).name;
  if (Array.isArray(value)) return value.map((item, i) => plain(ctx, item, [...path, i]));
  if (typeof value !== 'object' || value === null) return value;
  const out: Plain = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) out[key] = plain(ctx, field, [...path, key]);
  }
  return out;
}

/** The options of an element given either built (with its call site) or inline. */
function optionsOf(item: unknown): { props: unknown; site: CallSite | undefined } {
  if (kindOf(item) === undefined || kindOf(item) === 'file') return { props: item, site: undefined };
  const built = item as { props: unknown; site: CallSite | undefined };
  return { props: built.props, site: built.site };
}

function element(ctx: Synth, item: unknown, path: PathSegment[]): unknown {
  const { props, site } = optionsOf(item);
  record(ctx, path, site);
  return plain(ctx, props, path);
}

/** A jwtProvider() element in the spec's shape: { name, jwt: { ...everything else } }. */
function authProvider(ctx: Synth, item: unknown, path: PathSegment[]): unknown {
  const { props, site } = optionsOf(item);
  record(ctx, path, site);
  if (typeof props !== 'object' || props === null) return plain(ctx, props, path);
  const { name, ...jwt } = props as Plain;
  const out: Plain = {};
  if (name !== undefined) out.name = plain(ctx, name, [...path, 'name']);
  out.jwt = plain(ctx, jwt, [...path, 'jwt']);
  return out;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Adds the objects routes refer to (of one kind, at one field) that the explicit list lacks, in first-use order. */
function withReferenced(explicit: unknown, routes: readonly unknown[], kind: 'backend' | 'jwtProvider' | 'listener', refs: (route: Plain) => unknown[]): unknown {
  const items = listOf(explicit);
  const added: unknown[] = [];
  for (const r of routes) {
    const props = optionsOf(r).props;
    if (typeof props !== 'object' || props === null) continue;
    for (const ref of refs(props as Plain)) {
      if (kindOf(ref) === kind && !items.includes(ref) && !added.includes(ref)) added.push(ref);
    }
  }
  if (added.length === 0) return explicit;
  return [...items, ...added];
}

function specOf(ctx: Synth, props: Plain): Plain {
  const routes = listOf(props.routes);
  const listeners = withReferenced(props.listeners, routes, 'listener', (r) => listOf(r.listeners));
  const backends = withReferenced(props.backends, routes, 'backend', (r) => [r.backend]);
  const providers = withReferenced(props.authProviders, routes, 'jwtProvider', (r) => [(r.auth as Plain | undefined)?.jwt]);
  const spec: Plain = {};
  const list = (key: string, value: unknown, make: (item: unknown, path: PathSegment[]) => unknown): void => {
    if (value === undefined) return;
    spec[key] = Array.isArray(value) ? value.map((item, i) => make(item, ['spec', key, i])) : plain(ctx, value, ['spec', key]);
  };
  list('listeners', listeners, (item, path) => element(ctx, item, path));
  list('routes', props.routes, (item, path) => element(ctx, item, path));
  list('backends', backends, (item, path) => element(ctx, item, path));
  list('authProviders', providers, (item, path) => authProvider(ctx, item, path));
  const known = new Set(['name', 'listeners', 'routes', 'backends', 'authProviders']);
  for (const [key, value] of Object.entries(props)) {
    if (!known.has(key) && value !== undefined) spec[key] = plain(ctx, value, ['spec', key]);
  }
  return spec;
}

/**
 * Turns what a gateway module exported into the spec object the YAML path would produce. A gateway()
 * object is rendered (references by name, file() paths relative to specDir, the lists the routes
 * refer to completed); anything else is passed through for the validator to judge.
 */
export function synthesize(exported: unknown, specDir: string): Synthesized {
  const ctx: Synth = { specDir, sites: [] };
  if (kindOf(exported) !== 'gateway') return { gateway: plain(ctx, exported, []), sites: ctx.sites };
  const built = exported as DslGateway;
  record(ctx, [], built.site);
  const props = (typeof built.props === 'object' && built.props !== null ? built.props : {}) as unknown as Plain;
  const gateway = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: plain(ctx, props.name, ['metadata', 'name']) },
    spec: specOf(ctx, props),
  };
  return { gateway, sites: ctx.sites };
}
