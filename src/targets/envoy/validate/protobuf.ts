import { createRequire } from 'node:module';
import type protobufModule from 'protobufjs';

let loaded: typeof protobufModule | undefined;

/**
 * protobufjs, loaded on first use: compiling for nginx or HAProxy loads the Envoy target's module but never
 * checks a proto, so it does not pay ~20 ms for protobufjs at start-up.
 */
export function protobufjs(): typeof protobufModule {
  loaded ??= createRequire(import.meta.url)('protobufjs') as typeof protobufModule;
  return loaded;
}
