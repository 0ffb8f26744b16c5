import { spawnSync } from 'node:child_process';

/** Pinned Envoy image: >= 1.36, where the route timeout bounds only the upgrade response (envoy#41075). */
export const ENVOY_IMAGE = process.env['WSCTL_ENVOY_IMAGE'] ?? 'envoyproxy/envoy:v1.36-latest';

/** Why Docker cannot be used here, or undefined when an engine answers `docker info`. */
export function dockerUnavailable(): string | undefined {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  if (info.error) return `docker is not installed (${info.error.message})`;
  if (info.status !== 0) return `no Docker engine answers \`docker info\`: ${(info.stderr || info.stdout).trim().split('\n')[0] ?? ''}`;
  return undefined;
}

/** Runs docker with arguments (never through a shell); throws with its output on failure. */
export function docker(args: readonly string[], timeoutMs = 120_000): string {
  const result = spawnSync('docker', args, { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}
