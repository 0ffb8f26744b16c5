import { readFileSync, statSync } from 'node:fs';

/** The user and password file wsctl authenticates to etcd with (--etcd-user, --etcd-password-file). */
export interface EtcdAuthFiles {
  /** etcd user name. */
  user: string;
  /** File holding the password; read at start, at every reconnect and on SIGHUP. */
  passwordFile: string;
}

/** A password file that cannot be used: unreadable, empty, or open to other users. */
export class EtcdPasswordFileError extends Error {}

/**
 * Reads an etcd password file: its content minus one trailing newline. Refuses, like ssh refuses an
 * unprotected private key, a file that other users may read or write (mode & 0o007; the owner and its
 * group may), and an empty one. Errors name the file, never its content.
 */
export function readEtcdPassword(file: string): string {
  let mode: number;
  let content: string;
  try {
    mode = statSync(file).mode;
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EtcdPasswordFileError(`cannot read the etcd password file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ((mode & 0o007) !== 0) {
    throw new EtcdPasswordFileError(`the etcd password file ${file} is accessible to other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 (or 640) it`);
  }
  const password = content.replace(/\r?\n$/, '');
  if (password === '') throw new EtcdPasswordFileError(`the etcd password file ${file} is empty`);
  return password;
}
