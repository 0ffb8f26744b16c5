import { createHash } from 'node:crypto';
import type { Gateway } from '../spec/types.generated.js';
import { canonicalJson } from './canonical-json.js';
import { BUNDLE_API_VERSION, type GatewayBundle } from './types.js';

/** A bundle of a gateway and the files it references (only those; keys sorted). */
export function makeBundle(gateway: Gateway, files: Readonly<Record<string, string>>): GatewayBundle {
  const sorted: Record<string, string> = {};
  for (const ref of Object.keys(files).sort()) sorted[ref] = files[ref] ?? '';
  return { apiVersion: BUNDLE_API_VERSION, gateway, files: sorted };
}

/** The bundle as one canonical JSON document (sorted keys): what travels over the admin API and lives in a store. */
export function serializeBundle(bundle: GatewayBundle): string {
  return canonicalJson(bundle);
}

/** The gateway's content version: the first 16 hex digits of the SHA-256 of the canonical bundle. */
export function bundleVersion(bundle: GatewayBundle): string {
  return createHash('sha256').update(serializeBundle(bundle)).digest('hex').slice(0, 16);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a serialized bundle, checking only its envelope (apiVersion, a gateway object, string files);
 * the gateway itself is checked by validateBundle, which reports located diagnostics.
 */
export function parseBundle(text: string): GatewayBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`a bundle must be JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(value)) throw new Error('a bundle must be a JSON object');
  if (value.apiVersion !== BUNDLE_API_VERSION) throw new Error(`a bundle needs apiVersion "${BUNDLE_API_VERSION}"`);
  if (!isRecord(value.gateway)) throw new Error('a bundle needs a "gateway" object');
  const files = value.files ?? {};
  if (!isRecord(files) || !Object.values(files).every((v) => typeof v === 'string')) throw new Error('a bundle\'s "files" must map paths to text');
  return { apiVersion: BUNDLE_API_VERSION, gateway: value.gateway as unknown as Gateway, files: files as Record<string, string> };
}
