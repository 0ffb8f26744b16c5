import { createHash } from 'node:crypto';
import type { IrGateway, IrListener, IrRoute, IrJwtProvider } from './types.js';

/** A secret's stand-in: it says a value was there and lets two printouts be compared, never shows it. */
export function redacted(secret: string): string {
  return `[redacted sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}]`;
}

function listener(l: IrListener): IrListener {
  return l.tls ? { ...l, tls: { ...l.tls, keyFile: { ...l.tls.keyFile, content: redacted(l.tls.keyFile.content) } } } : l;
}

function route(r: IrRoute): IrRoute {
  return r.auth.type === 'bearer' ? { ...r, auth: { type: 'bearer', tokens: r.auth.tokens.map(redacted) } } : r;
}

function provider(p: IrJwtProvider): IrJwtProvider {
  return p.keys.type === 'hmac' ? { ...p, keys: { type: 'hmac', secret: redacted(p.keys.secret) } } : p;
}

/**
 * The IR with every secret replaced by a stand-in (private keys, HS256 secrets, bearer tokens): the
 * only form in which the IR is printed (`compile --target ir`, logs, --json). Certificates, CAs and
 * public keys stay: they are public.
 */
export function printableIr(ir: IrGateway): IrGateway {
  return { ...ir, listeners: ir.listeners.map(listener), routes: ir.routes.map(route), authProviders: ir.authProviders.map(provider) };
}
