import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** A file read within a size limit, or why it could not be. */
export type LimitedRead =
  | { /** The content, as UTF-8. */ text: string }
  | { /** Why nothing was read. */ problem: 'missing' | 'not-a-file' | 'too-large' | 'unreadable'; /** A short human explanation. */ detail: string };

/** Reads a file, refusing anything larger than maxBytes before reading a byte of it. */
export function readFileLimited(file: string, maxBytes: number): LimitedRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: 'not-a-file', detail: 'is not a regular file' };
    if (stat.size > maxBytes) return { problem: 'too-large', detail: `is ${stat.size} bytes; at most ${maxBytes} are accepted` };
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.subarray(0, read).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return code === 'ENOENT' ? { problem: 'missing', detail: 'does not exist' } : { problem: 'unreadable', detail: `cannot be read (${code})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
