import { MAX_REFERENCED_FILE_BYTES, resolveSpecPath } from './files.js';
import { readFileLimited, type LimitedRead } from './read-limited.js';

/** Where the files a spec references come from: the disk next to the spec, or a bundle's contents. */
export type FileSource = (ref: string) => LimitedRead;

/** Reads referenced files from disk, relative to the spec's directory, within the size limit. */
export function diskFileSource(specDir: string): FileSource {
  return (ref) => readFileLimited(resolveSpecPath(specDir, ref), MAX_REFERENCED_FILE_BYTES);
}

/** Serves referenced files from a bundle's contents, with the same size limit as the disk. */
export function bundleFileSource(files: Readonly<Record<string, string>>): FileSource {
  return (ref) => {
    const text = Object.hasOwn(files, ref) ? files[ref] : undefined;
    if (text === undefined) return { problem: 'missing', detail: 'is not in the bundle' };
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_REFERENCED_FILE_BYTES) return { problem: 'too-large', detail: `is ${bytes} bytes; at most ${MAX_REFERENCED_FILE_BYTES} are accepted` };
    return { text };
  };
}
