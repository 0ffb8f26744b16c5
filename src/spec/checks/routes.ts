import { Codes } from '../../diag/codes.js';
import { parseDuration } from '../duration.js';
import type { Check } from './context.js';

const REGEX_ONLY = /[\\^$*?()[\]|{},]/;
const RE2_UNSUPPORTED = /\(\?[=!<]|\\[1-9]|\\[bB]|\(\?[a-zA-Z]*:/;

/** Letter escapes that JavaScript, PCRE2 (nginx, haproxy) and RE2 (Envoy) all read as the same class. */
const PORTABLE_LETTER_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);

/**
 * The first construct the regex engines disagree on, if any: an escape such as \\l (JavaScript reads
 * "l", PCRE2 refuses it) or a class opening with ] as in [] or [^] (JavaScript: empty or any-character
 * class; PCRE2: ] is a literal and the class runs on).
 */
function unportableSyntax(regex: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '\\') {
      const next = regex[i + 1] ?? '';
      if (/[A-Za-z0-9]/.test(next) && !PORTABLE_LETTER_ESCAPES.has(next)) return `the escape \\${next}`;
      i += 1;
    } else if (!inClass && ch === '[') {
      inClass = true;
      const start = regex[i + 1] === '^' ? i + 2 : i + 1;
      if (regex[start] === ']') return `the class ${regex.slice(i, start + 1)}`;
      i = start - 1;
    } else if (inClass && ch === ']') {
      inClass = false;
    }
  }
  return undefined;
}

/** Paths suit their pathType: no regex syntax in Prefix/Exact; Regex compiles and stays within RE2. */
export const routePaths: Check = (ctx) => {
  ctx.gateway.spec.routes.forEach((route, r) => {
    const { path, pathType = 'Prefix' } = route.match;
    const at = ['spec', 'routes', r, 'match', 'path'];
    if (pathType !== 'Regex') {
      if (REGEX_ONLY.test(path) || !path.startsWith('/')) {
        ctx.report(Codes.BAD_PATH, at, `${pathType} path "${path}" holds regular-expression characters; set pathType: Regex or remove them`);
      }
      return;
    }
    if (RE2_UNSUPPORTED.test(path)) {
      ctx.report(Codes.BAD_PATH, at, `regex "${path}" uses lookaround, back-references, word boundaries or inline flags, which RE2 (Envoy) and PCRE targets do not treat alike`);
      return;
    }
    const unportable = unportableSyntax(path);
    if (unportable) {
      ctx.report(Codes.BAD_PATH, at, `regex "${path}" uses ${unportable}, which the proxies' regex engines read differently or refuse; escape only punctuation (or use \\d \\w \\s \\D \\W \\S) and escape a ] that starts a class`);
      return;
    }
    try {
      new RegExp(path);
    } catch (error) {
      ctx.report(Codes.BAD_PATH, at, `regex "${path}" does not compile: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
};

/** No two routes share a listener, a host and a path: the second could never be reached. */
export const uniqueMatches: Check = (ctx) => {
  const { spec } = ctx.gateway;
  const allListeners = spec.listeners.map((l) => l.name);
  const seen = new Map<string, number>();
  spec.routes.forEach((route, r) => {
    const listeners = route.listeners ?? allListeners;
    const hosts = route.match.hosts ?? ['*'];
    const reported = new Set<number>();
    for (const listener of listeners) {
      for (const host of hosts) {
        const key = JSON.stringify([listener, host, route.match.pathType ?? 'Prefix', route.match.path]);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, r);
        else if (first !== r && !reported.has(first)) {
          reported.add(first);
          ctx.report(
            Codes.DUPLICATE_MATCH,
            ['spec', 'routes', r, 'match'],
            `routes[${first}] already matches listener "${listener}", host "${host}" and path "${route.match.path}"`,
          );
        }
      }
    }
  });
};

/** handshakeTimeout fits inside maxDuration. */
export const routeTimeouts: Check = (ctx) => {
  ctx.gateway.spec.routes.forEach((route, r) => {
    const ws = route.websocket;
    if (!ws?.handshakeTimeout || !ws.maxDuration) return;
    const handshake = parseDuration(ws.handshakeTimeout);
    const max = parseDuration(ws.maxDuration);
    if (handshake !== 'off' && max !== 'off' && handshake > max) {
      ctx.report(Codes.TIMEOUT_ORDER, ['spec', 'routes', r, 'websocket', 'handshakeTimeout'], `handshakeTimeout ${ws.handshakeTimeout} is longer than maxDuration ${ws.maxDuration}`);
    }
  });
};

/** burst only means something with a handshake rate. */
export const rateLimits: Check = (ctx) => {
  ctx.gateway.spec.routes.forEach((route, r) => {
    const rl = route.rateLimit;
    if (rl?.burst !== undefined && rl.handshakesPerSecondPerClient === undefined) {
      ctx.report(Codes.RATE_LIMIT, ['spec', 'routes', r, 'rateLimit', 'burst'], 'burst needs handshakesPerSecondPerClient', { target: 'key' });
    }
  });
};
