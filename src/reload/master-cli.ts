import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * Sends one command to HAProxy's master CLI (the `-S unix@master.sock` run.sh starts haproxy with) and
 * returns the answer. The write side is closed after the command: the master answers, then closes.
 * `@1 <command>` reaches the current worker's Runtime API through the master.
 */
export function masterCommand(socket: string, command: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!existsSync(socket)) {
      reject(new Error(`no master CLI socket at ${socket}`));
      return;
    }
    const conn = createConnection(socket);
    let answer = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no answer to "${command}" on ${socket} within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk: string) => (answer += chunk));
    conn.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    conn.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}
