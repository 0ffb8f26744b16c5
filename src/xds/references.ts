import { TYPE_URLS } from './type-urls.js';

/** A resource one resource needs from the same snapshot (go-control-plane's GetResourceReferences). */
export interface ResourceRef {
  /** Type URL of the needed resource. */
  typeUrl: string;
  /** Its name. */
  name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects the dynamic references inside any proto3-JSON value: RDS names, SDS secret configs, ECDS filters. */
function collect(value: unknown, out: ResourceRef[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out);
    return;
  }
  if (!isRecord(value)) return;
  const rds = value['rds'];
  if (isRecord(rds) && typeof rds['route_config_name'] === 'string') out.push({ typeUrl: TYPE_URLS.route, name: rds['route_config_name'] });
  // an SdsSecretConfig with a config source is fetched over SDS; without one it is a static secret
  if (typeof value['name'] === 'string' && 'sds_config' in value) out.push({ typeUrl: TYPE_URLS.secret, name: value['name'] });
  // an HTTP or network filter whose config comes over ECDS is named by the filter name
  if (typeof value['name'] === 'string' && isRecord(value['config_discovery'])) out.push({ typeUrl: TYPE_URLS.extension, name: value['name'] });
  for (const inner of Object.values(value)) collect(inner, out);
}

/**
 * The resources a resource (in proto3-JSON form) needs: a listener its route configurations, secrets and
 * extension configs; a cluster of type EDS its ClusterLoadAssignment (eds service_name or its own name)
 * and its secrets. Sorted and without duplicates.
 */
export function referencesOf(typeUrl: string, resource: unknown): ResourceRef[] {
  const out: ResourceRef[] = [];
  collect(resource, out);
  if (typeUrl === TYPE_URLS.cluster && isRecord(resource) && resource['type'] === 'EDS') {
    const eds = resource['eds_cluster_config'];
    const serviceName = isRecord(eds) && typeof eds['service_name'] === 'string' && eds['service_name'] !== '' ? eds['service_name'] : undefined;
    const name = serviceName ?? (typeof resource['name'] === 'string' ? resource['name'] : '');
    out.push({ typeUrl: TYPE_URLS.endpoint, name });
  }
  const seen = new Map(out.map((r) => [`${r.typeUrl} ${r.name}`, r]));
  return [...seen.keys()].sort().map((k) => seen.get(k) as ResourceRef);
}
