import { PATH_VAR, ROUTE_VAR } from './names.js';

/**
 * The log-format of the per-socket access line. HAProxy logs a stream when it ends, so an upgraded
 * socket is logged once, on close, with its whole duration and the bytes of both directions. The
 * path is the one captured at request time without its query string (tokens may travel there).
 */
export function accessLogFormat(format: 'json' | 'text'): string {
  if (format === 'text') {
    return `%ci [%tr] %ft route=%[var(${ROUTE_VAR})] path=%{+Q}[var(${PATH_VAR})] %b/%s status=%ST duration_ms=%Tt bytes_in=%U bytes_out=%B termination=%ts`;
  }
  const fields = [
    '"time":"%tr"',
    '"client":"%ci"',
    '"frontend":"%ft"',
    `"route":"%[var(${ROUTE_VAR}),json(utf8s)]"`,
    `"path":"%[var(${PATH_VAR}),json(utf8s)]"`,
    '"backend":"%b"',
    '"server":"%s"',
    '"status":%ST',
    '"duration_ms":%Tt',
    '"bytes_in":%U',
    '"bytes_out":%B',
    '"termination":"%ts"',
  ];
  return `{${fields.join(',')}}`;
}
