import { dirname, isAbsolute, resolve } from 'node:path';
import { callSite } from './call-site.js';
import { brand, type Branded } from './mark.js';

/** A file the gateway references (certificate, key, JWKS, secret, token list), resolved against the module that named it. */
export interface FileRef extends Branded<'file'> {
  /** The path as written. */
  readonly path: string;
  /** Absolute path: `path` resolved against the calling module's directory (undefined when that is unknown). */
  readonly resolved: string | undefined;
}

/** What a file field of the DSL takes: `file('tls/chat.crt')`, or a path relative to the gateway module, as in YAML. */
export type FileInput = string | FileRef;

/**
 * A file relative to the module this is called in (not the working directory), so a shared module can
 * name its own certificates. Its content is read when the gateway is loaded into a bundle.
 */
export function file(path: string): FileRef {
  const site = callSite(file, 'file');
  const resolved = isAbsolute(path) ? path : site ? resolve(dirname(site.file), path) : undefined;
  return brand('file', { path, resolved, site });
}
