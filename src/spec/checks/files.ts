import { createPublicKey } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { Codes } from '../../diag/codes.js';
import type { PathSegment } from '../../diag/path.js';
import { parseTokens, TOKEN_PATTERN } from '../tokens.js';
import type { Gateway } from '../types.generated.js';
import type { Check, CheckContext } from './context.js';

/** What a referenced file must contain. */
type FileKind = 'certificate' | 'privateKey' | 'jwks' | 'hmacSecret' | 'tokens';

interface FileRef {
  path: PathSegment[];
  value: string;
  kind: FileKind;
}

/** Every file field of a gateway with the kind of content it needs. */
export function fileRefs(gateway: Gateway): FileRef[] {
  const refs: FileRef[] = [];
  gateway.spec.listeners.forEach((l, i) => {
    const at = ['spec', 'listeners', i, 'tls'];
    if (!l.tls) return;
    refs.push({ path: [...at, 'certFile'], value: l.tls.certFile, kind: 'certificate' });
    refs.push({ path: [...at, 'keyFile'], value: l.tls.keyFile, kind: 'privateKey' });
    if (l.tls.clientCaFile) refs.push({ path: [...at, 'clientCaFile'], value: l.tls.clientCaFile, kind: 'certificate' });
  });
  gateway.spec.routes.forEach((r, i) => {
    const tokens = r.auth?.bearer?.tokensFile;
    if (tokens) refs.push({ path: ['spec', 'routes', i, 'auth', 'bearer', 'tokensFile'], value: tokens, kind: 'tokens' });
  });
  gateway.spec.backends.forEach((b, i) => {
    if (b.tls) refs.push({ path: ['spec', 'backends', i, 'tls', 'caFile'], value: b.tls.caFile, kind: 'certificate' });
  });
  (gateway.spec.authProviders ?? []).forEach((p, i) => {
    const at = ['spec', 'authProviders', i, 'jwt'];
    if (p.jwt.jwksFile) refs.push({ path: [...at, 'jwksFile'], value: p.jwt.jwksFile, kind: 'jwks' });
    if (p.jwt.hmacSecretFile) refs.push({ path: [...at, 'hmacSecretFile'], value: p.jwt.hmacSecretFile, kind: 'hmacSecret' });
  });
  return refs;
}

function jwksProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'is not JSON';
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) return 'has no "keys" list';
  for (const [i, key] of keys.entries()) {
    const kty = (key as { kty?: unknown }).kty;
    if (kty !== 'RSA' && kty !== 'EC') return `key ${i} has kty ${JSON.stringify(kty)}; only RSA and EC public keys are supported`;
    if ('d' in (key as object)) return `key ${i} is a private key; a JWKS must hold public keys only`;
    // wsctl verifies RS256 and ES256 (P-256) on every target; anything else would verify on some only
    const { crv, alg } = key as { crv?: unknown; alg?: unknown };
    if (kty === 'EC' && crv !== 'P-256') return `key ${i} is on curve ${JSON.stringify(crv)}; only P-256 (ES256) EC keys are supported`;
    const expected = kty === 'RSA' ? 'RS256' : 'ES256';
    if (alg !== undefined && alg !== expected) return `key ${i} declares alg ${JSON.stringify(alg)}; a ${kty} key is used for ${expected} only`;
    try {
      createPublicKey({ key: key as import('node:crypto').JsonWebKey, format: 'jwk' });
    } catch (error) {
      return `key ${i} is not a valid public key (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return undefined;
}

function checkContent(ctx: CheckContext, ref: FileRef, text: string): void {
  const fail = (message: string): void => ctx.report(Codes.FILE_CONTENT, ref.path, `${ref.value}: ${message}`);
  switch (ref.kind) {
    case 'certificate':
      if (!text.includes('-----BEGIN CERTIFICATE-----')) fail('holds no PEM certificate');
      return;
    case 'privateKey':
      if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) fail('holds no PEM private key');
      return;
    case 'jwks': {
      const problem = jwksProblem(text);
      if (problem) fail(problem);
      return;
    }
    case 'hmacSecret': {
      const secret = text.replace(/\r?\n$/, '');
      if (secret.length === 0) fail('is empty');
      else if (secret.length < 32) ctx.report(Codes.FILE_CONTENT, ref.path, `${ref.value}: an HS256 secret should be at least 32 bytes`, { severity: 'warning' });
      return;
    }
    case 'tokens': {
      const tokens = parseTokens(text);
      if (tokens.length === 0) fail('holds no token');
      for (const { token, line } of tokens) {
        if (!TOKEN_PATTERN.test(token)) {
          ctx.reportInFile({
            code: Codes.FILE_CONTENT,
            message: 'a token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -',
            path: '',
            file: isAbsolute(ref.value) ? ref.value : join(ctx.displayDir, ref.value),
            line,
            col: 1,
          });
        }
      }
    }
  }
}

/** Every referenced file exists, is readable, small, and holds what its field needs (read once by the loader). */
export const referencedFiles: Check = (ctx) => {
  for (const ref of fileRefs(ctx.gateway)) {
    const read = ctx.files.get(ref.value) ?? { problem: 'missing', detail: 'was not read' };
    if ('text' in read) checkContent(ctx, ref, read.text);
    else ctx.report(Codes.FILE_MISSING, ref.path, `file ${ref.value} ${read.detail}`);
  }
};
