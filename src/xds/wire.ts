/**
 * Protobuf wire pieces of xDS responses, assembled from bytes encoded once per resource version:
 * a response is a concatenation of pre-encoded fields, never a message re-marshalled per stream.
 * Field numbers are those of envoy.service.discovery.v3 (discovery.proto).
 */

const LENGTH_DELIMITED = 2;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** One length-delimited field (tag, length, bytes). */
export function bytesField(field: number, bytes: Uint8Array): Buffer {
  const head = [...varint((field << 3) | LENGTH_DELIMITED), ...varint(bytes.length)];
  const out = Buffer.allocUnsafe(head.length + bytes.length);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}

const EMPTY = Buffer.alloc(0);

/** One string field; empty strings are omitted as proto3 does. */
export function stringField(field: number, text: string): Buffer {
  return text === '' ? EMPTY : bytesField(field, Buffer.from(text, 'utf8'));
}

/** google.protobuf.Any { type_url = 1; value = 2 }. */
export function encodeAny(typeUrl: string, value: Uint8Array): Buffer {
  return concat([stringField(1, typeUrl), bytesField(2, value)]);
}

/** DiscoveryResponse.resources (field 2): one Any, ready to append to a response. */
export function sotwResourceEntry(typeUrl: string, body: Uint8Array): Buffer {
  return bytesField(2, encodeAny(typeUrl, body));
}

/** DeltaDiscoveryResponse.resources (field 2): one Resource { version = 1; resource = 2; name = 3 }. */
export function deltaResourceEntry(typeUrl: string, name: string, version: string, body: Uint8Array): Buffer {
  return bytesField(2, concat([stringField(1, version), bytesField(2, encodeAny(typeUrl, body)), stringField(3, name)]));
}

/** DiscoveryResponse without its nonce: version_info = 1, resources = 2, type_url = 4 (the nonce, 5, is appended per stream). */
export function sotwResponsePrefix(version: string, entries: readonly Uint8Array[], typeUrl: string): Buffer {
  return concat([stringField(1, version), ...entries, stringField(4, typeUrl)]);
}

/** A DiscoveryResponse: the shared prefix plus this stream's nonce (field 5). */
export function sotwResponse(prefix: Uint8Array, nonce: string): Buffer {
  return concat([prefix, stringField(5, nonce)]);
}

/** DeltaDiscoveryResponse: system_version_info = 1, resources = 2, type_url = 4, nonce = 5, removed_resources = 6. */
export function deltaResponse(systemVersion: string, entries: readonly Uint8Array[], typeUrl: string, nonce: string, removed: readonly string[]): Buffer {
  const parts: Uint8Array[] = [stringField(1, systemVersion), ...entries, stringField(4, typeUrl), stringField(5, nonce)];
  for (const name of removed) parts.push(stringField(6, name));
  return concat(parts);
}

/** Concatenates byte arrays into one Buffer (grpc-js writes Buffers). */
export function concat(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts);
}
