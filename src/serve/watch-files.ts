import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/**
 * Calls onChange(file) shortly after a file changes. Watches each file's directory rather than the file:
 * editors save by writing a new file and renaming it over the old one, which a watch on the file loses.
 */
export function watchFiles(files: readonly string[], onChange: (file: string) => void, debounceMs = 25): () => void {
  const byDir = new Map<string, Map<string, string>>();
  for (const file of files) {
    const dir = dirname(resolve(file));
    const names = byDir.get(dir) ?? new Map<string, string>();
    names.set(basename(file), file);
    byDir.set(dir, names);
  }
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    const watcher = watch(dir, (_event, name) => {
      const file = name ? names.get(name.toString()) : undefined;
      if (!file) return;
      clearTimeout(timers.get(file));
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          onChange(file);
        }, debounceMs),
      );
    });
    watchers.push(watcher);
  }
  return () => {
    for (const w of watchers) w.close();
    for (const t of timers.values()) clearTimeout(t);
  };
}
