import { BEARER_POLICY } from './filters/rbac.js';
import { JWT_FAILURE_METADATA } from './filters/jwt-authn.js';
import { HTTP_FILTERS } from './names.js';

/** A local reply status equal to `code` (the runtime key only names the value; nothing overrides it). */
function statusIs(code: number): Record<string, unknown> {
  return { status_code_filter: { comparison: { op: 'EQ', value: { default_value: code, runtime_key: `wsctl.local_reply.status_${code}` } } } };
}

/** A dynamic-metadata entry of a filter: present, or equal to a string. */
function metadata(filter: string, key: string, exact?: string): Record<string, unknown> {
  const value = exact === undefined ? { present_match: true } : { string_match: { exact } };
  // match_if_key_not_found defaults to true: a reply without that metadata must not match
  return { metadata_filter: { matcher: { filter, path: [{ key }], value }, match_if_key_not_found: false } };
}

/** Rewrites a 403 that `cause` identifies into a 401 asking for a bearer token. */
function forbiddenToUnauthorized(cause: Record<string, unknown>): Record<string, unknown> {
  return {
    filter: { and_filter: { filters: [statusIs(403), cause] } },
    status_code: 401,
    headers_to_add: [{ header: { key: 'www-authenticate', value: 'Bearer' }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
  };
}

/**
 * The HTTP connection manager's local reply mappers: a missing or invalid credential is 401 on every
 * target. Envoy answers 403 for a JWT with a wrong audience and for a failed RBAC rule; those two
 * denials are told apart from an Origin refusal (which stays 403) by the metadata their filters write.
 * Route-independent, so route edits still leave the Listener byte-identical.
 */
export function localReplyConfig(): Record<string, unknown> {
  return {
    mappers: [
      forbiddenToUnauthorized(metadata(HTTP_FILTERS.jwtAuthn, JWT_FAILURE_METADATA)),
      forbiddenToUnauthorized(metadata(HTTP_FILTERS.rbac, 'shadow_effective_policy_id', BEARER_POLICY)),
    ],
  };
}
