import type { IrBackend, IrHealthCheck } from '../../ir/types.js';
import { msToDuration } from './duration.js';
import type { HealthCheck } from './types.js';

/** A fixed, valid Sec-WebSocket-Key (16 bytes, base64): checks need not be random. */
const CHECK_KEY = Buffer.from('wsctl-healthchk!', 'utf8').toString('base64');

/** The raw HTTP/1.1 WebSocket handshake a 101 check sends. Host and path are allow-listed by the schema. */
export function handshakeRequest(path: string, host: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${CHECK_KEY}`,
    'Sec-WebSocket-Version: 13',
    'User-Agent: wsctl-health-check',
    '',
    '',
  ].join('\r\n');
}

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').toUpperCase();
}

/**
 * Active health check of a backend. `http` expects any 2xx. `websocket` expects a real 101: Envoy's
 * HTTP checker waits for a response end that an upgraded stream never sends, so the check is a TCP one
 * that writes the handshake bytes and requires "HTTP/1.1 101" back, on a fresh connection each time.
 */
export function buildHealthCheck(backend: IrBackend, hc: IrHealthCheck): HealthCheck {
  const host = backend.tls?.serverName ?? backend.name;
  const base = {
    timeout: msToDuration(hc.timeoutMs),
    interval: msToDuration(hc.intervalMs),
    // Envoy checks an idle cluster only every 60 s unless told otherwise
    no_traffic_interval: msToDuration(hc.intervalMs),
    unhealthy_threshold: hc.unhealthyThreshold,
    healthy_threshold: hc.healthyThreshold,
  };
  if (hc.expect === 'http') {
    return { ...base, http_health_check: { path: hc.path, host, expected_statuses: [{ start: 200, end: 300 }], codec_client_type: 'HTTP1' } };
  }
  return {
    ...base,
    reuse_connection: false,
    tcp_health_check: { send: { text: hex(handshakeRequest(hc.path, host)) }, receive: [{ text: hex('HTTP/1.1 101') }] },
  };
}
