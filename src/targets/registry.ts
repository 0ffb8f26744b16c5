import { cloudflareTarget } from './cloudflare/target.js';
import { haproxyTarget } from './haproxy/target.js';
import { envoyTarget } from './envoy/target.js';
import { irTarget } from './ir/target.js';
import { nginxTarget } from './nginx/target.js';
import type { Target } from './target.js';

/** Every compile target, by name. Adding a target means adding it here; the CLI reads this list. */
export const TARGETS: readonly Target[] = [irTarget, nginxTarget, haproxyTarget, envoyTarget, cloudflareTarget];

/** Names accepted by --target: each target, plus 'all' (every target but ir). */
export function targetNames(): string[] {
  return [...TARGETS.map((t) => t.name), 'all'];
}

/** Resolves a --target value to targets; 'all' means every proxy target. */
export function resolveTargets(name: string): Target[] {
  if (name === 'all') return TARGETS.filter((t) => t.name !== 'ir');
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown target "${name}"; expected one of ${targetNames().join(', ')}`);
  return [target];
}
