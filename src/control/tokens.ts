import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Bearer tokens read from a file, one per line (blank lines and # comments ignored), reloadable. */
export interface TokenSet {
  /** True when the Authorization header carries one of the tokens (constant-time comparison). */
  allows(authorization: string | undefined): boolean;
  /** Re-reads the file; on failure keeps the tokens it had and rethrows. Returns how many tokens it holds. */
  reload(): number;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function readTokens(file: string): Buffer[] {
  const tokens = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (tokens.length === 0) throw new Error(`${file} holds no token (one per line)`);
  const short = tokens.find((t) => t.length < 16);
  if (short !== undefined) throw new Error(`${file}: every token needs at least 16 characters`);
  return tokens.map(digest);
}

/**
 * Loads the tokens of a file (throws when it cannot be read or holds none). Tokens are compared as
 * SHA-256 digests with timingSafeEqual, every token every time, so timing reveals neither a token nor
 * which one matched.
 */
export function loadTokenFile(file: string): TokenSet {
  let tokens = readTokens(file);
  return {
    allows(authorization) {
      const match = /^Bearer ([^\s]+)$/.exec(authorization ?? '');
      if (!match?.[1]) return false;
      const offered = digest(match[1]);
      let ok = false;
      for (const token of tokens) ok = timingSafeEqual(token, offered) || ok;
      return ok;
    },
    reload() {
      tokens = readTokens(file);
      return tokens.length;
    },
  };
}
