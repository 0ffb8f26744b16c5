/** Which routes each --url reaches: a route is probed through every URL whose port is one of its listeners'. */
import type { IrGateway, IrListener } from '../ir/types.js';
import { selectedRoutes } from './plan.js';
import type { ProbeTarget } from './session.js';

/** One parsed --url. */
export interface ProbeUrl {
  /** The URL as given. */
  url: string;
  /** Where to connect. */
  target: ProbeTarget;
  /** Its host[:port], the Host header of routes for any host. */
  authority: string;
}

/** A --url and the listeners it reaches (null: every listener, for a lone URL whose port no listener has). */
export interface UrlReach extends ProbeUrl {
  /** Names of the listeners with the URL's port, or null for every listener. */
  listeners: string[] | null;
}

const describeListener = (l: IrListener): string => `${l.name} (port ${l.port}${l.tls ? ', TLS' : ''})`;

/** A note when the URL's scheme disagrees with the TLS of every listener it reaches (the checks would fail on it). */
function schemeNote(url: ProbeUrl, reached: IrListener[]): string | null {
  if (reached.length === 0 || reached.some((l) => (l.tls !== null) === url.target.tls)) return null;
  return url.target.tls ? `--url ${url.url}: listener ${reached.map(describeListener).join(', ')} serves plain ws://, not TLS` : `--url ${url.url}: listener ${reached.map(describeListener).join(', ')} serves TLS: use wss://`;
}

/**
 * Matches each --url to the gateway's listeners by port. A lone URL whose port no listener has (a load
 * balancer or port mapping in front) reaches every route, as before several URLs were allowed; with
 * several, such a URL reaches none. Notes name URLs that reach nothing and the chosen routes no URL
 * reaches; when no chosen route is reached at all the probe cannot run, and this throws.
 */
export function reachOf(ir: IrGateway, urls: ProbeUrl[], routeNames: string[]): { reach: UrlReach[]; notes: string[] } {
  const notes: string[] = [];
  const ports = ir.listeners.map(describeListener).join(', ');
  const reach = urls.map((url): UrlReach => {
    const reached = ir.listeners.filter((l) => l.port === url.target.port);
    const note = schemeNote(url, reached);
    if (note) notes.push(note);
    if (reached.length > 0) return { ...url, listeners: reached.map((l) => l.name) };
    if (urls.length === 1) {
      notes.push(`--url ${url.url}: port ${url.target.port} is no listener's (${ports}): every route probed through it, as through a load balancer or port mapping`);
      return { ...url, listeners: null };
    }
    notes.push(`--url ${url.url}: port ${url.target.port} is no listener's (${ports}): nothing probed through it`);
    return { ...url, listeners: [] };
  });
  const routes = selectedRoutes(ir, routeNames);
  const reachedBy = (listeners: string[]): boolean => reach.some((r) => r.listeners === null || r.listeners.some((l) => listeners.includes(l)));
  const missed = routes.filter((r) => !reachedBy(r.listeners));
  if (missed.length === routes.length) throw new Error(`no --url reaches any route: the gateway ${ir.name} listens on ${ports}, the URLs name port ${[...new Set(urls.map((u) => u.target.port))].join(', ')}`);
  for (const route of missed) {
    const on = ir.listeners.filter((l) => route.listeners.includes(l.name)).map(describeListener).join(', ');
    notes.push(`${route.name}: not probed: served on listener ${on}, which no --url reaches`);
  }
  return { reach, notes };
}
