import { Codes } from '../../diag/codes.js';
import type { Check } from './context.js';

/** Headers the gateway sets itself; a forwarded claim may not overwrite them. */
const RESERVED_HEADERS = new Set([
  'host', 'connection', 'upgrade', 'content-length', 'transfer-encoding', 'te', 'trailer', 'keep-alive',
  'proxy-connection', 'x-forwarded-for', 'x-forwarded-proto', 'x-real-ip', 'sec-websocket-key',
  'sec-websocket-version', 'sec-websocket-accept', 'sec-websocket-extensions', 'sec-websocket-protocol',
  'cookie', 'authorization', 'origin',
]);

/** A JWT provider has exactly one key source and forwards claims to headers it may set. */
export const jwtProviders: Check = (ctx) => {
  (ctx.gateway.spec.authProviders ?? []).forEach((provider, p) => {
    const jwt = provider.jwt;
    const at = ['spec', 'authProviders', p, 'jwt'];
    const sources = [jwt.jwksFile, jwt.hmacSecretFile].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      ctx.report(Codes.JWT_KEY_SOURCE, sources === 0 ? at : [...at, 'hmacSecretFile'], 'set exactly one of jwksFile (RS256/ES256) or hmacSecretFile (HS256)', {
        target: 'key',
      });
    }
    const headers = new Map<string, string>();
    for (const [claim, header] of Object.entries(jwt.forwardClaims ?? {})) {
      const lower = header.toLowerCase();
      if (RESERVED_HEADERS.has(lower)) {
        ctx.report(Codes.RESERVED_HEADER, [...at, 'forwardClaims', claim], `header "${header}" is set by the gateway itself; choose another, e.g. X-User-${claim}`);
      } else if (headers.has(lower)) {
        ctx.report(Codes.DUPLICATE_NAME, [...at, 'forwardClaims', claim], `header "${header}" already carries claim "${headers.get(lower)}"`);
      }
      headers.set(lower, claim);
    }
  });
};
