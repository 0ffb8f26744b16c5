import type { Gateway } from '../../spec/types.generated.js';
import { irFile, secretText, type BundleFiles } from '../files.js';
import { parseJwks } from '../jwks.js';
import { toMs } from '../timeout.js';
import type { IrJwtProvider, IrTokenSource } from '../types.js';

/** JWT providers that some route uses, with token sources and claim headers resolved. */
export function lowerAuthProviders(gateway: Gateway, files: BundleFiles): IrJwtProvider[] {
  const used = new Set(gateway.spec.routes.map((r) => r.auth?.jwt).filter((p): p is string => p !== undefined));
  return (gateway.spec.authProviders ?? [])
    .filter((p) => used.has(p.name))
    .map((p) => {
      const jwt = p.jwt;
      const tokenFrom: IrTokenSource[] = (jwt.tokenFrom ?? [{ header: 'Authorization' }]).map((source) =>
        source.header !== undefined ? { type: 'header', name: source.header, bearer: source.header.toLowerCase() === 'authorization' } : { type: 'queryParam', name: source.queryParam ?? '' },
      );
      return {
        name: p.name,
        issuer: jwt.issuer,
        audiences: [...(jwt.audiences ?? [])].sort(),
        keys:
          jwt.jwksFile !== undefined
            ? { type: 'jwks', keys: parseJwks(irFile(files, jwt.jwksFile).content) }
            : { type: 'hmac', secret: secretText(irFile(files, jwt.hmacSecretFile ?? '').content) },
        tokenFrom,
        forwardClaims: Object.entries(jwt.forwardClaims ?? {})
          .map(([claim, header]) => ({ claim, header }))
          .sort((a, b) => (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0)),
        clockSkewMs: toMs(jwt.clockSkew, 30_000),
      };
    });
}
