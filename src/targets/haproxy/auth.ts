import type { IrJwtProvider, IrRoute, IrTokenSource } from '../../ir/types.js';
import type { JwtKeyFile } from './helper-files.js';
import { argToken } from './quote.js';
import { acl, aclLines, not, rule } from './rules.js';
import type { AclView, RuleView } from './view-model.js';

/** ACLs and rules one policy adds to a frontend. */
export interface PolicyRules {
  /** Named ACLs (deduplicated by name by the caller). */
  acls: AclView[];
  /** http-request rules in order. */
  rules: RuleView[];
}

const TOKEN_VAR = 'txn.wsctl_jwt';
const ALG_VAR = 'txn.wsctl_jwt_alg';
const OK_VAR = 'txn.wsctl_jwt_ok';
const NOW_VAR = 'txn.wsctl_now';
const EXP_VAR = 'txn.wsctl_jwt_exp';
const NBF_VAR = 'txn.wsctl_jwt_nbf';
const HMAC_VAR = 'txn.wsctl_jwt_key';
const TOKEN_FOUND = 'wsctl_jwt_found';
/** aud may be a string or an array: haproxy's JSON path reads array items one index at a time. */
const MAX_AUD_ITEMS = 10;

/** 401 with the challenge RFC 6750 asks for. */
const unauthorized = ['deny', 'deny_status', '401', 'hdr', 'WWW-Authenticate', 'Bearer'];

/** Static bearer tokens: the Authorization bearer token must be one line of the route's token file. */
export function bearerRules(route: IrRoute, routeAcl: string, tokensPath: string): PolicyRules {
  const ok = `${routeAcl}_token`;
  return {
    acls: [acl(ok, 'http_auth_bearer', ['-m', 'str', '-f', tokensPath])],
    rules: [rule(unauthorized, routeAcl, not(ok))],
  };
}

/** The sample fetch reading a token from one source (Authorization drops its Bearer prefix). */
function tokenFetch(source: IrTokenSource): string {
  if (source.type === 'queryParam') return `url_param(${argToken(source.name, 'query parameter')})`;
  if (source.bearer) return 'http_auth_bearer';
  return `req.fhdr(${argToken(source.name, 'header name')})`;
}

const payload = (path: string, type?: 'int'): string => `var(${TOKEN_VAR}),jwt_payload_query('${path}'${type ? `,'${type}'` : ''})`;

/** Signature check: the header alg must equal the key's pinned alg, and jwt_verify must return exactly 1. */
function signatureRules(prefix: string, routeAcl: string, keys: JwtKeyFile[]): PolicyRules {
  const acls: AclView[] = [];
  const rules: RuleView[] = [];
  keys.forEach((key, k) => {
    const algAcl = `${prefix}_alg_${k}`;
    const verified = `${prefix}_sig_${k}`;
    acls.push(acl(algAcl, `var(${ALG_VAR})`, ['-m', 'str'], [key.alg]));
    if (key.alg === 'HS256') {
      rules.push(rule(['set-var(' + HMAC_VAR + ')', `str(key),map(${key.path}),b64dec`], routeAcl));
      acls.push(acl(verified, `var(${TOKEN_VAR}),jwt_verify(${key.alg},${HMAC_VAR})`, ['-m', 'int', '1']));
    } else {
      acls.push(acl(verified, `var(${TOKEN_VAR}),jwt_verify(${key.alg},${key.path})`, ['-m', 'int', '1']));
    }
    rules.push(rule([`set-var(${OK_VAR})`, 'bool(true)'], routeAcl, algAcl, verified));
  });
  return { acls, rules };
}

/**
 * JWT checks the haproxy way: jwt_verify only checks the signature, so exp, nbf (with clock skew), iss
 * and aud get explicit rules, and the alg from the token header is pinned to each key's algorithm.
 * Claims are forwarded only when they hold no control character (no header injection to the backend).
 */
export function jwtRules(provider: IrJwtProvider, providerIndex: number, routeAcl: string, keys: JwtKeyFile[]): PolicyRules {
  const p = `wsctl_jwt${providerIndex}`;
  const skew = String(Math.ceil(provider.clockSkewMs / 1000));
  const acls: AclView[] = [
    acl(TOKEN_FOUND, `var(${TOKEN_VAR})`, ['-m', 'found']),
    acl('wsctl_jwt_ok', `var(${OK_VAR})`, ['-m', 'bool']),
    acl('wsctl_jwt_exp_found', `var(${EXP_VAR})`, ['-m', 'found']),
    acl('wsctl_jwt_exp_present', payload('$.exp'), ['-m', 'found']),
    acl('wsctl_jwt_expired', `var(${NOW_VAR}),sub(${EXP_VAR})`, ['gt', skew]),
    acl('wsctl_jwt_nbf_found', `var(${NBF_VAR})`, ['-m', 'found']),
    acl('wsctl_jwt_nbf_present', payload('$.nbf'), ['-m', 'found']),
    acl('wsctl_jwt_early', `var(${NBF_VAR}),sub(${NOW_VAR})`, ['gt', skew]),
    acl(`${p}_iss`, payload('$.iss'), ['-m', 'str'], [provider.issuer]),
  ];
  if (provider.audiences.length) {
    for (const path of ['$.aud', ...Array.from({ length: MAX_AUD_ITEMS }, (_, n) => `$.aud[${n}]`)]) {
      acls.push(...aclLines(`${p}_aud`, payload(path), ['-m', 'str'], provider.audiences));
    }
  }
  const rules: RuleView[] = provider.tokenFrom.map((source, n) =>
    n === 0 ? rule([`set-var(${TOKEN_VAR})`, tokenFetch(source)], routeAcl) : rule([`set-var(${TOKEN_VAR})`, tokenFetch(source)], routeAcl, not(TOKEN_FOUND)),
  );
  rules.push(rule(unauthorized, routeAcl, not(TOKEN_FOUND)));
  rules.push(rule([`set-var(${ALG_VAR})`, `var(${TOKEN_VAR}),jwt_header_query('$.alg')`], routeAcl));
  const signature = signatureRules(p, routeAcl, keys);
  acls.push(...signature.acls);
  rules.push(...signature.rules);
  rules.push(rule(unauthorized, routeAcl, not('wsctl_jwt_ok')));
  rules.push(rule([`set-var(${NOW_VAR})`, 'date'], routeAcl));
  rules.push(rule([`set-var(${EXP_VAR})`, payload('$.exp', 'int')], routeAcl));
  rules.push(rule([`set-var(${NBF_VAR})`, payload('$.nbf', 'int')], routeAcl));
  // a present but non-numeric exp/nbf must not read as "absent"
  rules.push(rule(unauthorized, routeAcl, 'wsctl_jwt_exp_present', not('wsctl_jwt_exp_found')));
  rules.push(rule(unauthorized, routeAcl, 'wsctl_jwt_exp_found', 'wsctl_jwt_expired'));
  rules.push(rule(unauthorized, routeAcl, 'wsctl_jwt_nbf_present', not('wsctl_jwt_nbf_found')));
  rules.push(rule(unauthorized, routeAcl, 'wsctl_jwt_nbf_found', 'wsctl_jwt_early'));
  rules.push(rule(unauthorized, routeAcl, not(`${p}_iss`)));
  if (provider.audiences.length) rules.push(rule(unauthorized, routeAcl, not(`${p}_aud`)));
  provider.forwardClaims.forEach(({ claim, header }, c) => {
    const claimVar = `txn.wsctl_claim_${c}`;
    const safe = `wsctl_claim_${c}_safe`;
    acls.push(acl(safe, `var(${claimVar})`, ['-m', 'reg'], ['^[^[:cntrl:]]+$']));
    rules.push(rule(['del-header', header], routeAcl));
    rules.push(rule([`set-var(${claimVar})`, payload(`$.${argToken(claim, 'claim name')}`)], routeAcl));
    rules.push(rule(['set-header', header, `%[var(${claimVar})]`], routeAcl, safe));
  });
  return { acls, rules };
}
