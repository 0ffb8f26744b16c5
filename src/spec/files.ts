import { isAbsolute, resolve } from 'node:path';

/** Largest file a spec may reference (certificates, keys, JWKS, token lists). */
export const MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

/** Resolves a file path from a spec: relative paths are relative to the spec file's directory. */
export function resolveSpecPath(specDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(specDir, path);
}
