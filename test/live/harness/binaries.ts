import { existsSync } from 'node:fs';

/**
 * Returns the path of a proxy binary the live tests need. nginx and haproxy can exist on every machine
 * of this kind (the test command installs them), so a missing one is a failure, never a skip.
 */
export function requireBinary(name: 'nginx' | 'haproxy' | 'etcd' | 'openssl'): string {
  const candidates = [`/usr/sbin/${name}`, `/usr/bin/${name}`, `/usr/local/sbin/${name}`, `/usr/local/bin/${name}`];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(`${name} is not installed; run the test command (npm test), which installs it with apt-get`);
  }
  return found;
}
