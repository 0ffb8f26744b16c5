import { addresses } from './addresses.js';
import { jwtProviders } from './auth.js';
import { affinitySettings, endpointTotal, healthCheckTimeouts } from './backends.js';
import type { Check } from './context.js';
import { referencedFiles } from './files.js';
import { listenerPorts, listenersUsed, listenerTls, metricsPort } from './listeners.js';
import { uniqueNames } from './names.js';
import { positiveTimeouts } from './timeouts.js';
import { references } from './references.js';
import { rateLimits, routePaths, routeTimeouts, uniqueMatches } from './routes.js';

/** Semantic checks run on every schema-valid gateway, in this order; all run, all problems reported. */
export const semanticChecks: readonly Check[] = [
  uniqueNames,
  references,
  addresses,
  listenerPorts,
  metricsPort,
  listenerTls,
  listenersUsed,
  routePaths,
  uniqueMatches,
  routeTimeouts,
  positiveTimeouts,
  rateLimits,
  affinitySettings,
  healthCheckTimeouts,
  endpointTotal,
  jwtProviders,
  referencedFiles,
];
