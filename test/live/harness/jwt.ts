import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

const b64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

/** Signs a JWT with HS256. */
export function signHs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = {}): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }));
  const body = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** Signs a JWT with RS256 (or ES256 for an EC key, in JOSE raw r||s form). */
export function signAsymmetric(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const alg = privateKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
  const head = b64url(JSON.stringify({ alg, typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const signer = createSign('SHA256').update(`${head}.${body}`);
  const signature = alg === 'ES256' ? signer.sign({ key: privateKey, dsaEncoding: 'ieee-p1363' }) : signer.sign(privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

/** Signs ES256 JWTs (claims plus a nonce) until the raw r||s signature satisfies `wanted`. */
export function signAsymmetricUntil(claims: Record<string, unknown>, privateKey: KeyObject, kid: string, wanted: (signature: Buffer) => boolean): string {
  for (let nonce = 0; nonce < 100_000; nonce++) {
    const token = signAsymmetric({ ...claims, nonce }, privateKey, kid);
    if (wanted(Buffer.from(token.split('.')[2] ?? '', 'base64url'))) return token;
  }
  throw new Error('no signature with the wanted shape in 100,000 tries');
}

/** An RSA (or EC P-256) key pair and its public JWKS text. */
export function makeJwks(kind: 'RSA' | 'EC', kid: string): { privateKey: KeyObject; jwks: string } {
  const pair = kind === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return { privateKey: pair.privateKey, jwks: JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg: kind === 'RSA' ? 'RS256' : 'ES256' }] }) };
}

/** Seconds since the epoch, for exp/nbf/iat claims. */
export const now = (): number => Math.floor(Date.now() / 1000);
