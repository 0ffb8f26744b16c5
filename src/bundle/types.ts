import type { Gateway } from '../spec/types.generated.js';

/** The bundle format's version tag. */
export const BUNDLE_API_VERSION = 'wsctl/bundle/v1';

/**
 * A gateway bundle: the spec object plus the contents of every file it references (certs, keys, CA,
 * JWKS, HMAC secret, token lists), read once. What validate, compile, serve and apply work on; YAML,
 * JSON and TypeScript are only loaders into it. It serializes to one JSON document (files inline).
 */
export interface GatewayBundle {
  /** Always wsctl/bundle/v1. */
  apiVersion: typeof BUNDLE_API_VERSION;
  /** The gateway spec object. */
  gateway: Gateway;
  /** Referenced files: the path as written in the spec → UTF-8 content. */
  files: Record<string, string>;
}
