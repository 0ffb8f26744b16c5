/** RFC 6455 framing, just enough for the probe: masked client frames out, server frames in. */
import { randomBytes } from 'node:crypto';

/** A masked client frame (RFC 6455 section 5.2) with a payload under 126 bytes. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** One frame read from a server (unmasked), or null when the buffer does not hold a whole frame yet. */
export function readFrame(data: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (data.length < 2) return null;
  const opcode = (data[0] ?? 0) & 0x0f;
  const masked = ((data[1] ?? 0) & 0x80) !== 0;
  let length = (data[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskKey = masked ? data.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (data.length < offset + length) return null;
  const raw = data.subarray(offset, offset + length);
  const payload = maskKey ? Buffer.from(raw.map((b, i) => b ^ (maskKey[i % 4] ?? 0))) : Buffer.from(raw);
  return { opcode, payload, size: offset + length };
}
