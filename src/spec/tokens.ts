/** Allow-list for a static bearer token: what may safely reach a proxy config. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{16,512}$/;

/** One token of a tokens file, with its 1-based line. */
export interface TokenLine {
  /** The token. */
  token: string;
  /** 1-based line in the tokens file. */
  line: number;
}

/** Reads a tokens file: one token per line; blank lines and lines starting with # are skipped. */
export function parseTokens(text: string): TokenLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ token: raw.trim(), line: i + 1 }))
    .filter(({ token }) => token !== '' && !token.startsWith('#'));
}
