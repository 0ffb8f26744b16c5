import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { IrPublicKey } from './types.js';

/** Members of a public JWK worth carrying; private members (d, p, q...) are refused by the validator. */
const PUBLIC_MEMBERS = ['alg', 'crv', 'e', 'kid', 'kty', 'n', 'use', 'x', 'y'] as const;

/** Parses a validated JWKS once: each key's one algorithm, its public members and its SPKI DER. */
export function parseJwks(text: string): IrPublicKey[] {
  const parsed = JSON.parse(text) as { keys: (JsonWebKey & { kid?: unknown; alg?: unknown })[] };
  return parsed.keys.map((key, i) => {
    const alg = key.kty === 'RSA' ? 'RS256' : key.kty === 'EC' && key.crv === 'P-256' ? 'ES256' : null;
    if (!alg) throw new Error(`JWKS key ${i}: only RSA (RS256) and EC P-256 (ES256) keys are supported`);
    const jwk: Record<string, string> = {};
    for (const member of PUBLIC_MEMBERS) {
      const value = (key as Record<string, unknown>)[member];
      if (typeof value === 'string') jwk[member] = value;
    }
    const spki = createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'der' }).toString('base64');
    return { kid: typeof key.kid === 'string' ? key.kid : null, alg, jwk, spki };
  });
}
