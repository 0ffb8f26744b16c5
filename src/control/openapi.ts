/** The OpenAPI 3 document of the admin API, served at /v1/openapi.json (a test checks it lists exactly the routes served). */

const error = { $ref: '#/components/responses/Error' };
const name = { name: 'name', in: 'path', required: true, description: 'Gateway name (metadata.name).', schema: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' } };
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const bundleBody = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Bundle' } } } };
const obj = { type: 'object' };

/** The document. */
export const OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'wsctl admin API',
    version: 'v1',
    description:
      'Gateways managed by `wsctl serve`: apply, inspect, roll back and follow rollouts to the connected xDS nodes. Every endpoint needs `Authorization: Bearer TOKEN` (a line of the server\'s --token-file). File contents are never returned, only their SHA-256.',
  },
  security: [{ bearer: [] }],
  paths: {
    '/v1/gateways': {
      get: { summary: 'List the API-managed gateways', responses: { '200': json(obj, 'The gateways'), '401': error } },
    },
    '/v1/gateways/{name}': {
      parameters: [name],
      get: { summary: 'A gateway: spec, file digests, versions', responses: { '200': json({ $ref: '#/components/schemas/Gateway' }, 'The gateway'), '401': error, '404': error, '409': error } },
      put: {
        summary: 'Create or replace a gateway from a bundle',
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'boolean' }, description: 'Validate, compile and diff; store and serve nothing.' },
          { name: 'expectVersion', in: 'query', schema: { type: 'string' }, description: 'Apply only if the current version is this one ("" = the gateway must not exist); 409 otherwise.' },
        ],
        requestBody: bundleBody,
        responses: {
          '200': json(obj, 'Applied, unchanged or dry run: versions and the diff'),
          '400': error,
          '401': error,
          '409': error,
          '413': error,
          '503': error,
          '422': json({ $ref: '#/components/schemas/ErrorBody' }, 'Invalid spec: the same diagnostics as `wsctl validate`'),
        },
      },
      delete: { summary: 'Stop serving a gateway and forget it (its nodes keep what they have)', responses: { '200': json(obj, 'Deleted'), '401': error, '404': error, '409': error, '503': error } },
    },
    '/v1/gateways/{name}/status': {
      parameters: [name],
      get: { summary: 'The rollout: per connected node and type, the version ACKed vs sent, the last NACK, converged; with --store etcd://, the nodes of every replica, each with its replica', responses: { '200': json(obj, 'Rollout status'), '401': error, '404': error } },
    },
    '/v1/gateways/{name}/history': {
      parameters: [name],
      get: { summary: 'Versions applied, newest first', responses: { '200': json(obj, 'History'), '401': error, '404': error } },
    },
    '/v1/gateways/{name}/rollback': {
      parameters: [name],
      post: {
        summary: 'Serve an earlier version again, byte for byte',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['to'], properties: { to: { type: 'string' } } } } } },
        responses: { '200': json(obj, 'Rolled back'), '400': error, '401': error, '404': error, '409': error, '503': error },
      },
    },
    '/v1/gateways/{name}/diff': {
      parameters: [name],
      post: {
        summary: 'What applying a bundle would change, per resource; whether listeners drain',
        requestBody: bundleBody,
        responses: { '200': json(obj, 'The diff'), '400': error, '401': error, '413': error, '422': error },
      },
    },
    '/v1/openapi.json': {
      get: { summary: 'This document', responses: { '200': json(obj, 'OpenAPI 3 document') } },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    responses: { Error: json({ $ref: '#/components/schemas/ErrorBody' }, 'Refused; nothing changed') },
    schemas: {
      Bundle: {
        type: 'object',
        required: ['apiVersion', 'gateway'],
        properties: { apiVersion: { type: 'string', enum: ['wsctl/bundle/v1'] }, gateway: obj, files: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      Gateway: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          snapshotVersion: { type: 'string', nullable: true },
          appliedAt: { type: 'string', format: 'date-time' },
          spec: obj,
          files: { type: 'object', additionalProperties: { type: 'object', properties: { sha256: { type: 'string' }, bytes: { type: 'integer' } } } },
          types: obj,
        },
      },
      ErrorBody: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, diagnostics: { type: 'array', items: obj } } } },
      },
    },
  },
} as const;
