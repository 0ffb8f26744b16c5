import type { IrRoute } from '../../ir/types.js';

/**
 * `proxy_buffer_size` on a WebSocket-only route (plainHttp: reject). nginx allocates two buffers of this
 * size per proxied socket (one each way once upgraded), and before the upgrade the first one holds the
 * backend's response headers: on these routes only a 101 (≈ 150–300 bytes from common servers) or the
 * backend's refusal. 1536 bytes leaves room for a 1 KB Set-Cookie on the 101; a larger header block is
 * answered 502 ("upstream sent too big header" in error.log). Measured (bench:dataplane, 2,000 sockets):
 * ≈ 13–14 KiB per socket against ≈ 22 KiB with the 4k default.
 */
export const WEBSOCKET_ONLY_BUFFER = '1536';

/**
 * `proxy_buffer_size` on a plainHttp: proxy route, where plain HTTP responses (long-polling) pass too:
 * response headers up to this size, nginx's default on 4 KiB-page hosts, set explicitly so that a
 * 64 KiB-page host (some arm64 kernels) does not get 64k buffers per socket.
 */
export const PLAIN_HTTP_BUFFER = '4k';

/** The proxy_buffer_size of a route's location. */
export function proxyBufferSize(route: IrRoute): string {
  return route.websocket.plainHttp === 'reject' ? WEBSOCKET_ONLY_BUFFER : PLAIN_HTTP_BUFFER;
}
