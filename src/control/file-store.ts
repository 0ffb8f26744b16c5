import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { checkExpected, DEFAULT_HISTORY, nextRecord, type GatewayStore, type StoredGateway, type StoreProblem } from './store.js';

/** The on-disk envelope of one gateway: the record and the SHA-256 of its JSON, so a torn or flipped file is detected. */
interface FileEnvelope {
  format: 'wsctl/store/v1';
  sha256: string;
  record: string;
}

const FORMAT = 'wsctl/store/v1';
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file so that after a crash it holds either the old or the new content: temp file, fsync, rename, fsync the directory. */
function writeDurably(dir: string, file: string, text: string): void {
  const temp = join(dir, `.${file}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, file));
  fsyncPath(dir);
}

/** Reads and checks one gateway file; throws with the reason when it is torn or corrupt. */
function readRecord(path: string, name: string): StoredGateway {
  const envelope = JSON.parse(readFileSync(path, 'utf8')) as Partial<FileEnvelope>;
  if (envelope.format !== FORMAT || typeof envelope.record !== 'string') throw new Error(`not a ${FORMAT} file`);
  if (sha256(envelope.record) !== envelope.sha256) throw new Error('checksum mismatch (torn or corrupt file)');
  const record = JSON.parse(envelope.record) as StoredGateway;
  if (record.name !== name || typeof record.current?.bundle !== 'string') throw new Error('the record does not describe this gateway');
  return record;
}

/**
 * A store in a data directory: one file per gateway (`gateways/NAME.json`, its record and a checksum),
 * plus `NAME.prev.json`, the file it replaced. Every write is durable before it returns. On open, a torn
 * or corrupt file is reported and the previous good file used.
 */
export function createFileStore(dataDir: string, historyLength = DEFAULT_HISTORY): GatewayStore {
  const dir = join(dataDir, 'gateways');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const gateways = new Map<string, StoredGateway>();
  const problems: StoreProblem[] = [];
  const names = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.replace(/(\.prev)?\.json$/, '')),
  );
  for (const name of [...names].sort()) {
    if (!NAME.test(name)) continue;
    try {
      gateways.set(name, readRecord(join(dir, `${name}.json`), name));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      try {
        const previous = readRecord(join(dir, `${name}.prev.json`), name);
        gateways.set(name, previous);
        problems.push({ name, message: `${name}.json is unreadable (${reason}); serving the previous good version ${previous.current.version}` });
      } catch {
        problems.push({ name, message: `${name}.json is unreadable (${reason}) and no previous good version exists; the gateway is not served` });
      }
    }
  }
  const save = (record: StoredGateway): void => {
    const text = JSON.stringify(record);
    const envelope: FileEnvelope = { format: FORMAT, sha256: sha256(text), record: text };
    const current = join(dir, `${record.name}.json`);
    // keep the file being replaced as the fallback of a later torn write
    try {
      renameSync(current, join(dir, `${record.name}.prev.json`));
    } catch {
      // first version: nothing to keep
    }
    writeDurably(dir, `${record.name}.json`, `${JSON.stringify(envelope)}\n`);
  };
  return {
    list: () => [...gateways.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => structuredClone(g)),
    get: (name) => structuredClone(gateways.get(name)),
    async put(name, version, options) {
      if (!NAME.test(name)) throw new Error(`invalid gateway name ${JSON.stringify(name)}`);
      const previous = gateways.get(name);
      checkExpected(name, previous?.current.version, options);
      if (previous?.current.version === version.version) return 'unchanged';
      const record = nextRecord(name, previous, version, historyLength);
      save(record);
      gateways.set(name, record);
      return 'written';
    },
    async delete(name) {
      if (!gateways.has(name)) return false;
      rmSync(join(dir, `${name}.json`), { force: true });
      rmSync(join(dir, `${name}.prev.json`), { force: true });
      fsyncPath(dir);
      gateways.delete(name);
      return true;
    },
    problems: () => [...problems],
    unwritable: () => undefined,
    onRemoteChange: () => {},
    describe: () => dataDir,
    close: async () => {},
  };
}
