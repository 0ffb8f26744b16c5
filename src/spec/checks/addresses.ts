import { isIP } from 'node:net';
import { Codes } from '../../diag/codes.js';
import type { PathSegment } from '../../diag/path.js';
import type { Check, CheckContext } from './context.js';

/**
 * Why an address the schema let through is not one: the IpAddress pattern is loose for IPv6 (hex,
 * colons and dots), a name made only of digits and dots is an IPv4 typo, and a name ending in a
 * numeric label is no DNS name either. Proxies refuse the first two (nginx "invalid IPv6 address", haproxy "could not resolve address").
 */
function addressProblem(address: string): string | undefined {
  if (address.includes(':')) return isIP(address) === 6 ? undefined : `"${address}" is not an IPv6 address`;
  if (/^[0-9.]+$/.test(address) && isIP(address) !== 4) return `"${address}" is neither an IPv4 address nor a host name`;
  // URL parsers (WHATWG: fetch, Workers) read a name ending in a number as an IPv4 address, and no
  // top-level domain is numeric (RFC 3696 section 2)
  if (isIP(address) === 0 && /(^|\.)(0x[0-9a-f]*|[0-9]+)\.?$/i.test(address)) return `"${address}" is not a host name: its last label is a number`;
  return undefined;
}

function checkAddress(ctx: CheckContext, address: string | undefined, path: PathSegment[]): void {
  const problem = address === undefined ? undefined : addressProblem(address);
  if (problem) ctx.report(Codes.BAD_FORMAT, path, problem);
}

/** Listener, metrics and endpoint addresses are real IPv4/IPv6 addresses or host names. */
export const addresses: Check = (ctx) => {
  ctx.gateway.spec.listeners.forEach((listener, i) => checkAddress(ctx, listener.address, ['spec', 'listeners', i, 'address']));
  checkAddress(ctx, ctx.gateway.spec.metrics?.address, ['spec', 'metrics', 'address']);
  ctx.gateway.spec.backends.forEach((backend, b) => {
    backend.endpoints.forEach((endpoint, e) => checkAddress(ctx, endpoint.address, ['spec', 'backends', b, 'endpoints', e, 'address']));
  });
};
