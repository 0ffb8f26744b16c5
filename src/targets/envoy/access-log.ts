import type { IrAccessLog } from '../../ir/types.js';
import { typeUrl } from './names.js';
import type { NetworkFilter } from './types.js';

/** The path without its query string: tokens passed as ?access_token= must never reach a log. */
const PATH = '%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%';

/** Fields of one log line; Envoy writes it when the stream ends, i.e. when the socket closes. */
const JSON_FIELDS = {
  start_time: '%START_TIME%',
  client: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
  method: '%REQ(:METHOD)%',
  host: '%REQ(:AUTHORITY)%',
  path: PATH,
  status: '%RESPONSE_CODE%',
  duration_ms: '%DURATION%',
  bytes_in: '%BYTES_RECEIVED%',
  bytes_out: '%BYTES_SENT%',
  route: '%ROUTE_NAME%',
  upstream: '%UPSTREAM_HOST%',
  flags: '%RESPONSE_FLAGS%',
};

const TEXT_LINE =
  '[%START_TIME%] %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% "%REQ(:METHOD)% ' + PATH + '" %RESPONSE_CODE% ' +
  '%DURATION%ms in=%BYTES_RECEIVED% out=%BYTES_SENT% route=%ROUTE_NAME% upstream=%UPSTREAM_HOST% flags=%RESPONSE_FLAGS%\n';

/**
 * Where the static bootstrap logs: access.log beside envoy.yaml (run.sh's directory), as nginx and
 * HAProxy keep theirs in their folder. Not /dev/stdout: Envoy opens that path, which fails (ENXIO) when
 * stdout is a socket, as under systemd (journald) or a supervisor that reads output over a socket pair.
 */
export const STATIC_ACCESS_LOG = 'access.log';

/** One access log line per closed socket, JSON or text, query strings left out; to `path` (xDS: /dev/stdout). */
export function accessLogs(log: IrAccessLog, path: string): NetworkFilter[] {
  if (!log.enabled) return [];
  const formatters = [
    { name: 'envoy.formatter.req_without_query', typed_config: { '@type': typeUrl('envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery') } },
  ];
  const format = log.format === 'json' ? { json_format: JSON_FIELDS, formatters } : { text_format_source: { inline_string: TEXT_LINE }, formatters };
  return [
    {
      name: 'envoy.access_loggers.file',
      typed_config: { '@type': typeUrl('envoy.extensions.access_loggers.file.v3.FileAccessLog'), path, log_format: format },
    },
  ];
}
