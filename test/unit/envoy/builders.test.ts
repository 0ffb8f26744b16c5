import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildStaticBootstrap } from '../../../src/targets/envoy/bootstrap.js';
import { xdsResources } from '../../../src/targets/envoy/resources.js';
import { searchToFullMatch } from '../../../src/targets/envoy/route.js';
import type { Address, Cluster, Route, RouteConfiguration, TypedConfig } from '../../../src/targets/envoy/types.js';
import { EVERYTHING, loaded } from './helpers.js';

const { ir, ctx } = loaded(EVERYTHING);
const xds = xdsResources(ir);

function routeConfig(name: string): RouteConfiguration {
  const found = xds.routes.find((r) => r.name === name);
  if (!found) throw new Error(`no route config ${name}`);
  return found;
}

function route(config: string, vhost: string, name: string): Route {
  const found = routeConfig(config).virtual_hosts.find((v) => v.name === vhost)?.routes.find((r) => r.name === name);
  if (!found) throw new Error(`no route ${name} in ${config}/${vhost}`);
  return found;
}

function cluster(name: string): Cluster {
  const found = xds.clusters.find((c) => c.name === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
}

function hcm(listener: string): TypedConfig {
  const filter = xds.listeners.find((x) => x.name === listener)?.filter_chains[0]?.filters[0];
  if (!filter || !('typed_config' in filter)) throw new Error(`no HCM on ${listener}`);
  return filter.typed_config;
}

function fromHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

describe('Envoy routes', () => {
  it('enable the websocket upgrade per route, never on the connection manager', () => {
    const chat = route('public', 'chat.example.com', 'chat');
    expect(chat.route?.upgrade_configs).toEqual([{ upgrade_type: 'websocket' }]);
    // chat has cookie affinity: this is its variant for clients that carry the cookie
    expect(chat.match.headers).toEqual([{ name: 'upgrade', string_match: { exact: 'websocket', ignore_case: true } }, { name: 'cookie', string_match: { contains: 'WSAFFINITY=' } }]);
    expect(route('public', 'chat.example.com', 'chat/new-cookie').match.headers).toEqual([{ name: 'upgrade', string_match: { exact: 'websocket', ignore_case: true } }]);
    expect(hcm('public')['upgrade_configs']).toBeUndefined();
  });

  it('bound the handshake with the route timeout and the socket with idle_timeout and max_stream_duration', () => {
    const chat = route('public', 'chat.example.com', 'chat').route;
    expect(chat?.timeout).toBe('10s');
    expect(chat?.idle_timeout).toBe('300s');
    expect(chat?.max_stream_duration).toEqual({ max_stream_duration: '86400s' });
    // the spec left rooms' idle timeout unset: the shared 1h default, not Envoy's 5 min
    expect(route('internal', '*', 'rooms').route?.idle_timeout).toBe('3600s');
  });

  it('answer 426 to plain requests on reject routes, and 403 to any other Upgrade', () => {
    const plain = route('internal', '*', 'rooms/plain-http');
    expect(plain.direct_response?.status).toBe(426);
    expect(plain.response_headers_to_add?.[0]?.header).toEqual({ key: 'upgrade', value: 'websocket' });
    const other = route('internal', '*', 'rooms/other-upgrade');
    expect(other.match.headers).toEqual([{ name: 'upgrade', present_match: true }]);
    expect(other.direct_response?.status).toBe(403);
    const names = routeConfig('internal').virtual_hosts[0]?.routes.map((r) => r.name);
    expect(names?.indexOf('rooms')).toBeLessThan(names?.indexOf('rooms/other-upgrade') ?? -1);
    expect(names?.indexOf('rooms/other-upgrade')).toBeLessThan(names?.indexOf('rooms/plain-http') ?? -1);
  });

  it('proxy plain requests on proxy routes without enabling upgrades there', () => {
    const plain = route('internal', '*', 'feed-exact/plain-http');
    expect(plain.route?.cluster).toBe('feed');
    expect(plain.route?.upgrade_configs).toBeUndefined();
  });

  it('keep regex routes as searches, as on the other targets', () => {
    expect(searchToFullMatch('^/rooms/[0-9]+$')).toBe('(?:/rooms/[0-9]+)');
    expect(searchToFullMatch('/rooms')).toBe('.*(?:/rooms).*');
    expect(searchToFullMatch('^/a\\$')).toBe('(?:/a\\$).*');
    expect(route('internal', '*', 'rooms').match).toMatchObject({ safe_regex: { regex: '(?:/rooms/[0-9]+)' } });
  });

  it('give each host its own virtual host, holding the any-host routes too', () => {
    const vhosts = routeConfig('public').virtual_hosts;
    expect(vhosts.map((v) => v.domains)).toEqual([['*.chat.example.com'], ['chat.example.com'], ['*']]);
    expect(vhosts[1]?.routes.map((r) => r.name)).toContain('feed-exact');
    expect(vhosts[2]?.routes.map((r) => r.name)).not.toContain('chat');
  });

  it('enforce the Origin allowlist with exact RBAC header matches on the socket route only', () => {
    const rbac = route('public', 'chat.example.com', 'chat').typed_per_filter_config?.['envoy.filters.http.rbac'];
    expect(rbac).toMatchObject({
      rbac: {
        rules: {
          action: 'ALLOW',
          policies: {
            chat: {
              principals: [
                {
                  or_ids: {
                    ids: [
                      { header: { name: 'origin', string_match: { exact: 'https://app.example.com:8443' } } },
                      { header: { name: 'origin', string_match: { exact: 'https://chat.example.com' } } },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
    });
  });

  it('accept exactly the static tokens of the tokens file: denied otherwise, recorded first by a shadow probe', () => {
    type Rules = { action: string; policies: Record<string, { principals: { not_id: { or_ids: { ids: { header: { string_match: { exact: string } } }[] } } }[] }> };
    const filters = route('internal', '*', 'feed-exact').typed_per_filter_config;
    const enforced = (filters?.['wsctl.bearer_tokens'] as unknown as { rbac: { rules: Rules } }).rbac.rules;
    const probe = (filters?.['wsctl.bearer_tokens_probe'] as unknown as { rbac: { shadow_rules: Rules; rules?: Rules } }).rbac;
    expect(enforced.action).toBe('DENY');
    const values = enforced.policies['wsctl-bearer-token']?.principals[0]?.not_id.or_ids.ids.map((id) => id.header.string_match.exact);
    expect(values).toEqual(['Bearer example-token-dashboard-0001', 'Bearer example-token-dashboard-0002']);
    expect(probe.shadow_rules).toEqual(enforced);
    expect(probe.rules).toBeUndefined();
  });

  it('require the route\'s JWT provider by name and strip client copies of claim headers first', () => {
    const filters = route('public', 'chat.example.com', 'chat').typed_per_filter_config;
    expect(filters?.['envoy.filters.http.jwt_authn']).toMatchObject({ requirement_name: 'rsa' });
    expect(filters?.['envoy.filters.http.header_mutation']).toMatchObject({ mutations: { request_mutations: [{ remove: 'x-tenant' }, { remove: 'x-user-id' }] } });
  });

  it('limit handshakes with a token bucket of rate + burst refilled every second', () => {
    const limit = route('public', 'chat.example.com', 'chat').typed_per_filter_config?.['envoy.filters.http.local_ratelimit'];
    expect(limit).toMatchObject({ token_bucket: { max_tokens: 15, tokens_per_fill: 5, fill_interval: '1s' }, filter_enforced: { default_value: { numerator: 100 } } });
  });

  it('hash the affinity key on the route: the cookie else the client IP, a header, a query parameter', () => {
    const cookieOrIp = [{ cookie: { name: 'WSAFFINITY' }, terminal: true }, { connection_properties: { source_ip: true } }];
    expect(route('public', 'chat.example.com', 'chat').route?.hash_policy).toEqual(cookieOrIp);
    expect(route('public', 'chat.example.com', 'chat').response_headers_to_add).toBeUndefined();
    const fresh = route('public', 'chat.example.com', 'chat/new-cookie');
    expect(fresh.route?.hash_policy).toEqual(cookieOrIp);
    expect(fresh.response_headers_to_add).toEqual([
      { header: { key: 'set-cookie', value: 'WSAFFINITY=%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure' }, append_action: 'APPEND_IF_EXISTS_OR_ADD' },
    ]);
    expect(route('internal', '*', 'feed-exact').route?.hash_policy).toEqual([{ header: { header_name: 'X-Session' } }]);
    expect(route('internal', '*', 'rooms').route?.hash_policy).toEqual([{ query_parameter: { name: 'room_id' } }]);
  });
});

describe('Envoy listeners', () => {
  it('take routes from RDS over ADS in xDS form', () => {
    expect(hcm('public')['rds']).toEqual({ route_config_name: 'public', config_source: { ads: {}, resource_api_version: 'V3' } });
    expect(hcm('public')['route_config']).toBeUndefined();
  });

  it('run the filters in the documented order', () => {
    const names = (hcm('public')['http_filters'] as { name: string }[]).map((f) => f.name);
    expect(names).toEqual([
      'envoy.filters.http.header_mutation',
      'envoy.filters.http.local_ratelimit',
      'envoy.filters.http.rbac',
      'wsctl.bearer_tokens_probe',
      'wsctl.bearer_tokens',
      'envoy.filters.http.jwt_authn',
      'envoy.filters.http.router',
    ]);
  });

  it('take the jwt_authn config from ECDS, so JWT providers never live in a Listener', () => {
    const jwt = (hcm('public')['http_filters'] as Record<string, unknown>[]).find((f) => f['name'] === 'envoy.filters.http.jwt_authn');
    expect(jwt).toEqual({
      name: 'envoy.filters.http.jwt_authn',
      config_discovery: { config_source: { ads: {}, resource_api_version: 'V3' }, type_urls: ['type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication'] },
    });
    expect(xds.extensions.map((e) => e.name)).toEqual(['envoy.filters.http.jwt_authn']);
  });

  it('verify JWTs locally: issuer, audiences, token locations, claims to headers, HS256 as an oct JWK', () => {
    const jwt = xds.extensions[0] as unknown as { typed_config: { providers: Record<string, Record<string, unknown>>; requirement_map: Record<string, unknown> } };
    expect(jwt.typed_config.requirement_map).toEqual({ hmac: { provider_name: 'hmac' }, rsa: { provider_name: 'rsa' } });
    const rsa = jwt?.typed_config.providers['rsa'];
    expect(rsa).toMatchObject({
      issuer: 'https://auth.example.com',
      audiences: ['chat', 'chat-mobile'],
      from_headers: [{ name: 'Authorization', value_prefix: 'Bearer ' }],
      from_params: ['access_token'],
      claim_to_headers: [{ header_name: 'X-User-Id', claim_name: 'sub' }, { header_name: 'X-Tenant', claim_name: 'tenant' }],
    });
    const hmac = jwt?.typed_config.providers['hmac']?.['local_jwks'] as { inline_string: string };
    const key = (JSON.parse(hmac.inline_string) as { keys: { kty: string; k: string }[] }).keys[0];
    expect(key?.kty).toBe('oct');
    expect(Buffer.from(key?.k ?? '', 'base64url').toString('utf8')).toBe(readFileSync('test/fixtures/auth/hmac.secret', 'utf8').trim());
  });

  it('log one line per closed stream without query strings', () => {
    const log = (hcm('public')['access_log'] as { name: string; typed_config: { path?: string; '@type': string; log_format: { text_format_source: { inline_string: string } } } }[])[0];
    // xDS: Envoy's own stdout through the stream logger, never a path it would open (ENXIO on a socket)
    expect(log?.name).toBe('envoy.access_loggers.stdout');
    expect(log?.typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog');
    expect(log?.typed_config.path).toBeUndefined();
    expect(log?.typed_config.log_format.text_format_source.inline_string).toContain('%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%');
    expect(log?.typed_config.log_format.text_format_source.inline_string).not.toContain('%REQ(:PATH)%');
  });

  it('terminate TLS with the minimum version and optional mTLS from SDS', () => {
    const tls = xds.listeners.find((l) => l.name === 'public')?.filter_chains[0]?.transport_socket?.typed_config as Record<string, unknown>;
    expect(tls).toMatchObject({
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: 'TLSv1_3' },
        tls_certificate_sds_secret_configs: [{ name: 'listener-public-cert', sds_config: { ads: {} } }],
        validation_context_sds_secret_config: { name: 'listener-public-client-ca' },
      },
      require_client_certificate: false,
    });
    expect(xds.listeners.find((l) => l.name === 'internal')?.filter_chains[0]?.transport_socket).toBeUndefined();
  });
});

describe('Envoy clusters and endpoints', () => {
  it('use a consistent hash with affinity and the spec balance without', () => {
    expect(cluster('chat').lb_policy).toBe('MAGLEV');
    const plain = xdsResources({ ...ir, backends: ir.backends.map((b) => ({ ...b, affinity: null })) });
    expect(plain.clusters.map((c) => [c.name, c.lb_policy])).toEqual([['chat', 'LEAST_REQUEST'], ['feed', 'ROUND_ROBIN'], ['rooms', 'LEAST_REQUEST']]);
  });

  it('size circuit breakers from maxConnections (Envoy would stop at 1024)', () => {
    expect(cluster('chat').circuit_breakers.thresholds[0]).toMatchObject({ max_connections: 10000, max_requests: 10000, max_pending_requests: 10000 });
    expect(cluster('rooms').circuit_breakers.thresholds[0]?.max_connections).toBe(8000);
  });

  it('take IP endpoints from EDS with weights, and resolve host names with STRICT_DNS', () => {
    expect(cluster('chat').type).toBe('EDS');
    const chat = xds.endpoints.find((e) => e.cluster_name === 'chat');
    expect(chat?.endpoints[0]?.lb_endpoints.map((e) => [(e.endpoint.address as Address).socket_address.address, e.load_balancing_weight])).toEqual([['10.0.0.11', 3], ['10.0.0.12', 1]]);
    expect(cluster('feed').type).toBe('STRICT_DNS');
    expect(xds.endpoints.map((e) => e.cluster_name)).toEqual(['chat', 'rooms']);
  });

  it('verify upstream TLS against the CA with SNI and a SAN match', () => {
    expect(cluster('chat').transport_socket?.typed_config).toMatchObject({
      sni: 'chat.internal',
      common_tls_context: {
        combined_validation_context: {
          default_validation_context: { match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: 'chat.internal' } }] },
          validation_context_sds_secret_config: { name: 'backend-chat-ca' },
        },
      },
    });
  });

  it('verify each endpoint against its own address when the backend names no server', () => {
    const noName = { ...ir, backends: ir.backends.map((b) => (b.tls ? { ...b, tls: { ...b.tls, serverName: null } } : b)) };
    const built = xdsResources(noName);
    const chat = built.clusters.find((c) => c.name === 'chat');
    expect(chat?.transport_socket_matches?.map((m) => m.match)).toEqual([{ endpoint: '10.0.0.11' }, { endpoint: '10.0.0.12' }]);
    expect(chat?.transport_socket_matches?.[0]?.transport_socket.typed_config).toMatchObject({
      common_tls_context: { combined_validation_context: { default_validation_context: { match_typed_subject_alt_names: [{ san_type: 'IP_ADDRESS', matcher: { exact: '10.0.0.11' } }] } } },
    });
    expect(chat?.transport_socket_matches?.[0]?.transport_socket.typed_config['sni']).toBeUndefined();
    const lb = built.endpoints.find((e) => e.cluster_name === 'chat')?.endpoints[0]?.lb_endpoints[0];
    expect(lb?.metadata).toEqual({ filter_metadata: { 'envoy.transport_socket_match': { endpoint: '10.0.0.11' } } });
  });

  it('check the WebSocket handshake itself: send an upgrade, require a 101', () => {
    const hc = cluster('rooms').health_checks?.[0];
    expect(hc?.reuse_connection).toBe(false);
    const sent = fromHex(hc?.tcp_health_check?.send.text ?? '');
    expect(sent).toMatch(/^GET \/healthz HTTP\/1\.1\r\n/);
    expect(sent).toContain('\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    expect(sent).toMatch(/\r\nSec-WebSocket-Version: 13\r\n/);
    expect(sent.endsWith('\r\n\r\n')).toBe(true);
    expect(hc?.tcp_health_check?.receive.map((r) => fromHex(r.text))).toEqual(['HTTP/1.1 101']);
    expect(hc?.no_traffic_interval).toBe(hc?.interval);
  });

  it('check http health with any 2xx', () => {
    const withHttp = { ...ir, backends: ir.backends.map((b) => (b.healthCheck ? { ...b, healthCheck: { ...b.healthCheck, expect: 'http' as const } } : b)) };
    const hc = xdsResources(withHttp).clusters.find((c) => c.name === 'rooms')?.health_checks?.[0];
    expect(hc?.http_health_check).toMatchObject({ path: '/healthz', expected_statuses: [{ start: 200, end: 300 }] });
  });
});

describe('the static bootstrap', () => {
  const bootstrap = buildStaticBootstrap(ir, (file) => ctx.pathFromOutput(file.ref, 'envoy'));

  it('serves admin on a unix socket only its owner can use, beside envoy.yaml', () => {
    expect(bootstrap.admin.address).toEqual({ pipe: { path: 'admin.sock', mode: 0o600 } });
  });

  it('inlines routes and endpoints and reads secrets from files relative to DIR/envoy', () => {
    const filter = bootstrap.static_resources.listeners?.[0]?.filter_chains[0]?.filters[0];
    const tc = (filter && 'typed_config' in filter ? filter.typed_config : {}) as Record<string, unknown>;
    expect(tc['route_config']).toMatchObject({ name: 'internal' });
    expect(tc['rds']).toBeUndefined();
    expect(bootstrap.static_resources.clusters.find((c) => c.name === 'chat')?.type).toBe('STATIC');
    expect(bootstrap.static_resources.secrets?.find((s) => s.name === 'listener-public-cert')).toEqual({
      name: 'listener-public-cert',
      tls_certificate: { certificate_chain: { filename: ctx.pathFromOutput('../../fixtures/tls/server.crt', 'envoy') }, private_key: { filename: ctx.pathFromOutput('../../fixtures/tls/server.key', 'envoy') } },
    });
  });

  it('inlines the jwt_authn providers (a static file has no ECDS)', () => {
    const filter = bootstrap.static_resources.listeners?.[0]?.filter_chains[0]?.filters[0];
    const hcmConfig = (filter && 'typed_config' in filter ? filter.typed_config : {}) as { http_filters: { name: string; typed_config?: { providers?: Record<string, unknown> } }[] };
    const jwt = hcmConfig.http_filters.find((f) => f.name === 'envoy.filters.http.jwt_authn');
    expect(Object.keys(jwt?.typed_config?.providers ?? {})).toEqual(['hmac', 'rsa']);
  });

  it('caps all downstream connections at limits.maxConnections', () => {
    expect(bootstrap.overload_manager?.resource_monitors[0]?.typed_config['max_active_downstream_connections']).toBe(8000);
  });
});
