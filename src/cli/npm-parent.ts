/**
 * Stopping a long-running command started through npm (`npx wsctl serve`, an `npm run` script): npm runs
 * wsctl as `sh -c 'wsctl ...'`, and a SIGTERM to npm (`kill`, `docker stop` when npm is PID 1) reaches that
 * shell, which dies without passing it on, so wsctl would go on serving, orphaned, holding its ports.
 * Observed with npm 10 on Debian's dash. Under npm, wsctl therefore treats losing its parent as the stop
 * signal it never got. Outside npm it never does (a daemon whose starting shell exits must keep running).
 */
export function stopWhenNpmParentDies(stop: (reason: string) => void, intervalMs = 500): () => void {
  if (!process.env.npm_command) return () => undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop(`parent process ${parent} (npm ${process.env.npm_command}) exited`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
