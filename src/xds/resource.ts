import { createHash } from 'node:crypto';
import { deltaResourceEntry, sotwResourceEntry } from './wire.js';

/** One xDS resource at one version, encoded once: every stream that receives it gets these bytes. */
export interface XdsResource {
  /** Type URL. */
  typeUrl: string;
  /** Resource name. */
  name: string;
  /** Content hash of the encoded message: equal bytes, equal version. */
  version: string;
  /** The encoded message. */
  body: Uint8Array;
  /** The message as a DiscoveryResponse.resources entry (Any, field tag included). */
  sotwEntry: Uint8Array;
  /** The message as a DeltaDiscoveryResponse.resources entry (Resource with name and version, field tag included). */
  deltaEntry: Uint8Array;
}

/** A short content hash (sha256, base64url, 128 bits): resource and snapshot versions. */
export function contentHash(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('base64url').slice(0, 22);
}

/** Encodes a resource's response entries once; its version is the hash of its bytes. */
export function encodeResource(typeUrl: string, name: string, body: Uint8Array, version = contentHash(body)): XdsResource {
  return { typeUrl, name, version, body, sotwEntry: sotwResourceEntry(typeUrl, body), deltaEntry: deltaResourceEntry(typeUrl, name, version, body) };
}
