import type { IrRoute } from '../../ir/types.js';
import { CLASS_VAR, HOST_VAR, KEY_VAR, PATH_VAR, ROUTE_VAR } from './names.js';
import { argToken } from './quote.js';
import { CLASS_SEPARATOR, type RouteMaps } from './route-maps.js';
import { acl, aclLines, not, rule } from './rules.js';
import type { AclView, RuleView } from './view-model.js';

/** ACL true once the route variable is set. */
export const ROUTED_ACL = 'wsctl_routed';
const CLASSIFIED_ACL = 'wsctl_classified';
/** The request host the host ACLs and maps compare: without a :port suffix, lower case. */
const HOST_FETCH = 'req.hdr(host),field(1,:),lower';

/** Host and path ACLs of a regex route; the host ACL ignores a :port suffix and case. */
function regexAcls(route: IrRoute, i: number): { acls: AclView[]; cond: string[] } {
  const acls: AclView[] = [];
  const cond: string[] = [];
  const exact = route.hosts.filter((h) => !h.startsWith('*.'));
  const wildcard = route.hosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  acls.push(...aclLines(`wsctl_r${i}_host`, HOST_FETCH, ['-m', 'str'], exact));
  acls.push(...aclLines(`wsctl_r${i}_host`, HOST_FETCH, ['-m', 'end'], wildcard));
  if (route.hosts.length) cond.push(`wsctl_r${i}_host`);
  acls.push(acl(`wsctl_r${i}_path`, 'path', ['-m', 'reg'], [route.path.value]));
  cond.push(`wsctl_r${i}_path`);
  return { acls, cond };
}

/**
 * The rules that set the route variable: host → host class through the host maps, then `class@path`
 * through the exact-path map, then the prefix map, then one rule per regex route. A map lookup that
 * finds nothing sets nothing, so each later step runs only while no route is chosen. The number of
 * rules and ACLs does not grow with the number of exact-path and prefix routes.
 */
export function routeSelection(maps: RouteMaps): { acls: AclView[]; rules: RuleView[] } {
  const acls: AclView[] = [acl(ROUTED_ACL, `var(${ROUTE_VAR})`, ['-m', 'found'])];
  const rules: RuleView[] = [];
  if (maps.hosts || maps.wildcards) rules.push(rule([`set-var(${HOST_VAR})`, HOST_FETCH]));
  if (maps.hosts) rules.push(rule([`set-var(${CLASS_VAR})`, `var(${HOST_VAR}),map_str(${maps.hosts.path})`]));
  if (maps.hosts || maps.wildcards || maps.defaultClass) acls.push(acl(CLASSIFIED_ACL, `var(${CLASS_VAR})`, ['-m', 'found']));
  if (maps.wildcards) rules.push(rule([`set-var(${CLASS_VAR})`, `var(${HOST_VAR}),map_end(${maps.wildcards.path})`], not(CLASSIFIED_ACL)));
  if (maps.defaultClass) rules.push(rule([`set-var(${CLASS_VAR})`, `str(${argToken(maps.defaultClass, 'host class')})`], not(CLASSIFIED_ACL)));
  if (maps.exact || maps.prefix) rules.push(rule([`set-var(${KEY_VAR})`, `var(${CLASS_VAR}),concat(${CLASS_SEPARATOR},${PATH_VAR})`]));
  if (maps.exact) rules.push(rule([`set-var(${ROUTE_VAR})`, `var(${KEY_VAR}),map_str(${maps.exact.path})`]));
  if (maps.prefix) rules.push(rule([`set-var(${ROUTE_VAR})`, `var(${KEY_VAR}),map_beg(${maps.prefix.path})`], not(ROUTED_ACL)));
  maps.regexRoutes.forEach((route, i) => {
    const match = regexAcls(route, i);
    acls.push(...match.acls);
    rules.push(rule([`set-var(${ROUTE_VAR})`, `str(${argToken(route.name, 'route name')})`], not(ROUTED_ACL), ...match.cond));
  });
  return { acls, rules };
}
