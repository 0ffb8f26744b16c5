import type { IrMetrics } from '../../ir/types.js';
import { NginxLines, nginxText, nginxVar } from './quote.js';
import { hostPort } from './upstreams.js';
import type { MetricsServerView } from './view.js';

/**
 * The gauges nginx OSS can report: the stub_status counters, read through their variables (which
 * ngx_http_stub_status_module provides without a stub_status location). They are gateway-wide, not per
 * route. They count client connections only: measured on nginx 1.22, two open WebSockets raise
 * nginx_connections_active by 2, not 4 (upstream connections are not accepted connections).
 */
const GAUGES: readonly { name: string; variable: string; help: string }[] = [
  { name: 'nginx_connections_active', variable: 'connections_active', help: 'Open client connections of all workers (upgraded WebSockets, idle keep-alive and this scrape included; upstream connections are not counted).' },
  { name: 'nginx_connections_reading', variable: 'connections_reading', help: 'Client connections where nginx is reading the request header.' },
  { name: 'nginx_connections_writing', variable: 'connections_writing', help: 'Client connections where nginx is writing the response (upgraded WebSockets included).' },
  { name: 'nginx_connections_waiting', variable: 'connections_waiting', help: 'Idle keep-alive client connections.' },
];

/** Prometheus text exposition (format 0.0.4) of the gauges: HELP, TYPE and the value of each. */
export function metricsBody(): NginxLines {
  return new NginxLines(
    GAUGES.flatMap((g) => [
      nginxText(`# HELP ${g.name} ${g.help}`),
      nginxText(`# TYPE ${g.name} gauge`),
      nginxText(`${g.name} `, nginxVar(g.variable)),
    ]),
  );
}

/** The server block of spec.metrics, or null without it. */
export function buildMetricsServer(metrics: IrMetrics | null): MetricsServerView | null {
  if (!metrics) return null;
  return { listen: hostPort(metrics.address, metrics.port), path: metrics.path, body: metricsBody() };
}
