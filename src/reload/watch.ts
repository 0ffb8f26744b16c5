import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { reloadGateway, type ReloadOptions, type ReloadRun } from './reload.js';

/** A reload run in watch mode, with how many file events it took in. */
export interface WatchRun extends ReloadRun {
  /** File change events coalesced into this run (0 for the first run at start). */
  events: number;
}

/**
 * Applies FILE once, then again whenever the spec's directory changes, coalescing bursts: a run starts
 * only after `quietMs` without any further change, and changes that arrive during a run lead to exactly
 * one more run after it. So a burst of edits (an editor's save, a CI checkout, a script writing several
 * files) costs one check and at most one reload. Stops when the signal aborts.
 */
export async function watchAndReload(options: ReloadOptions, quietMs: number, onRun: (run: WatchRun) => void, signal: AbortSignal): Promise<void> {
  onRun({ ...(await reloadGateway(options)), events: 0 });
  const dir = dirname(resolve(options.file));
  let events = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const start = (): void => {
    timer = undefined;
    if (running) return;
    const taken = events;
    events = 0;
    running = reloadGateway(options)
      .then((run) => onRun({ ...run, events: taken }))
      .finally(() => {
        running = null;
        if (events > 0 && !timer) timer = setTimeout(start, quietMs);
      });
  };
  const watcher = watch(dir, (_event, name) => {
    // the state file and outputs may live under the spec's directory: only spec-side changes count
    if (name && basename(String(name)).endsWith('.tmp')) return;
    if (name && resolve(dir, String(name)).startsWith(resolve(options.outDir))) return;
    events += 1;
    if (timer) clearTimeout(timer);
    if (!running) timer = setTimeout(start, quietMs);
  });
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    signal.addEventListener('abort', () => done(), { once: true });
  });
  watcher.close();
  if (timer) clearTimeout(timer);
  await running;
}
