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

/**
 * Where an access log goes: a file (the static bootstrap's `access.log`), or Envoy's own standard output
 * (xDS: the listener does not know the node's folder). `stdout` uses the stream logger, which writes to
 * the stdout Envoy inherited instead of opening `/dev/stdout` by path: that open fails (ENXIO) when stdout
 * is a socket (journald, supervisors), and Envoy then rejects the whole listener update.
 */
export type AccessLogSink = { file: string } | 'stdout';

/** One access log line per closed socket, JSON or text, query strings left out; to `sink`. */
export function accessLogs(log: IrAccessLog, sink: AccessLogSink): NetworkFilter[] {
  if (!log.enabled) return [];
  const formatters = [
    { name: 'envoy.formatter.req_without_query', typed_config: { '@type': typeUrl('envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery') } },
  ];
  const format = log.format === 'json' ? { json_format: JSON_FIELDS, formatters } : { text_format_source: { inline_string: TEXT_LINE }, formatters };
  if (sink === 'stdout') {
    return [
      {
        name: 'envoy.access_loggers.stdout',
        typed_config: { '@type': typeUrl('envoy.extensions.access_loggers.stream.v3.StdoutAccessLog'), log_format: format },
      },
    ];
  }
  return [
    {
      name: 'envoy.access_loggers.file',
      typed_config: { '@type': typeUrl('envoy.extensions.access_loggers.file.v3.FileAccessLog'), path: sink.file, log_format: format },
    },
  ];
}
