// Generates src/dsl/props.generated.ts, the option interfaces of the TypeScript DSL, from
// schemas/gateway.schema.json (the single source of truth): one readonly interface per object of the
// schema, with the schema's description as JSDoc and its default as @default.
// `node scripts/gen-dsl-types.mjs --check` exits 1 when the committed file differs (drift).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const schemaUrl = new URL('../schemas/gateway.schema.json', import.meta.url);
const outUrl = new URL('../src/dsl/props.generated.ts', import.meta.url);

/** Schema objects that become `<Name>Props`; Gateway, GatewaySpec, Metadata and AuthProvider are folded into GatewayProps and JwtProviderProps. */
const OBJECTS = [
  'Listener', 'ListenerTls', 'Route', 'RouteMatch', 'WebSocketPolicy', 'RouteAuth', 'RateLimit', 'Backend', 'Endpoint',
  'Affinity', 'HealthCheck', 'BackendTls', 'TokenSource', 'Limits', 'AccessLog', 'Metrics',
];

/** Where the DSL types a field differently from the spec: references by object, and the gateway's lists. */
const OVERRIDES = {
  'Route.backend': { type: 'BackendRef', doc: 'The backend that receives matching sockets: the object `backend()` returned, or its name.' },
  'Route.listeners': { type: 'readonly ListenerRef[]', doc: 'Listeners this route is served on (objects `listener()` returned, or names).' },
  'RouteAuth.jwt': { type: 'JwtProviderRef', doc: 'A JWT provider: the object `jwtProvider()` returned, or its name.' },
  'GatewaySpec.listeners': { type: 'readonly ListenerInput[]' },
  'GatewaySpec.routes': { type: 'readonly RouteInput[]' },
  'GatewaySpec.backends': {
    type: 'readonly BackendInput[]',
    optional: true,
    doc: 'Groups of upstream WebSocket servers. Backends that routes refer to by object are added after these.',
    default: '- the backends the routes refer to by object',
  },
  'GatewaySpec.authProviders': {
    type: 'readonly JwtProviderInput[]',
    doc: 'Named authentication providers that routes refer to. Providers that routes refer to by object are added after these.',
    default: '- the providers the routes refer to by object',
  },
};

/** Types of $defs that are strings or numbers with a pattern: the DSL keeps them as plain strings/numbers, except these. */
const REF_TYPES = { Duration: 'DurationInput', FilePath: 'FileInput', Port: 'number' };

function refName(ref) {
  return ref.replace('#/$defs/', '');
}

function literal(value) {
  return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

/** The TypeScript type of a schema node, DSL flavour. */
function typeOf(schema, defs, indent) {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (REF_TYPES[name]) return REF_TYPES[name];
    if (OBJECTS.includes(name)) return `${name}Props`;
    return typeOf(defs[name], defs, indent);
  }
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.anyOf) return [...new Set(schema.anyOf.map((s) => typeOf(s, defs, indent)))].join(' | ');
  if (schema.type === 'array') {
    const item = typeOf(schema.items, defs, indent);
    return item.includes(' ') ? `readonly (${item})[]` : `readonly ${item}[]`;
  }
  if (schema.type === 'object') {
    if (!schema.properties && schema.additionalProperties) return `Readonly<Record<string, ${typeOf(schema.additionalProperties, defs, indent)}>>`;
    return `{\n${members('', schema, defs, `${indent}  `).join('\n')}\n${indent}}`;
  }
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'string';
}

function descriptionOf(schema, defs) {
  if (schema.description) return schema.description;
  if (schema.$ref) return defs[refName(schema.$ref)]?.description ?? '';
  return '';
}

function jsdoc(lines, indent) {
  const body = lines.filter((l) => l !== undefined).map((l) => (l === '' ? `${indent} *` : `${indent} * ${l.replace(/\*\//g, '*\\/')}`));
  return [`${indent}/**`, ...body, `${indent} */`];
}

/** The members of an object schema: JSDoc (description, @default) and a readonly field each. */
function members(owner, schema, defs, indent) {
  const required = new Set(schema.required ?? []);
  const out = [];
  for (const [field, prop] of Object.entries(schema.properties ?? {})) {
    const override = OVERRIDES[`${owner}.${field}`] ?? {};
    const optional = override.optional ?? !required.has(field);
    const doc = override.doc ?? descriptionOf(prop, defs);
    const fallback = prop.default !== undefined ? JSON.stringify(prop.default) : '- not set';
    const tags = optional ? [`@default ${override.default ?? fallback}`] : ['Required.'];
    out.push(...jsdoc([doc, '', ...tags], indent));
    out.push(`${indent}readonly ${field}${optional ? '?' : ''}: ${override.type ?? typeOf(prop, defs, indent)};`);
  }
  return out;
}

function iface(name, description, memberLines) {
  return [...jsdoc([description], ''), `export interface ${name} {`, ...memberLines, '}', ''];
}

/** Renders props.generated.ts for the schema. */
export function renderDslTypes() {
  const schema = JSON.parse(readFileSync(schemaUrl, 'utf8'));
  const defs = schema.$defs;
  const lines = [
    '/* Generated by scripts/gen-dsl-types.mjs from schemas/gateway.schema.json. Do not edit: run `npm run gen:types`. */',
    "import type { BackendRef, BackendInput, JwtProviderInput, JwtProviderRef, ListenerInput, ListenerRef, RouteInput } from './refs.js';",
    "import type { DurationInput } from './duration.js';",
    "import type { FileInput } from './file.js';",
    '',
  ];
  const gatewayMembers = [
    ...members('Metadata', defs.Metadata, defs, '  '),
    ...members('GatewaySpec', defs.GatewaySpec, defs, '  '),
  ];
  lines.push(...iface('GatewayProps', `Options of gateway(): ${schema.description} (metadata.name and the spec's fields, flattened).`, gatewayMembers));
  const jwtMembers = [...members('AuthProvider', { properties: { name: defs.AuthProvider.properties.name }, required: ['name'] }, defs, '  '), ...members('JwtProvider', defs.JwtProvider, defs, '  ')];
  lines.push(...iface('JwtProviderProps', `Options of jwtProvider(): a named authentication provider. ${defs.JwtProvider.description}`, jwtMembers));
  for (const name of OBJECTS) lines.push(...iface(`${name}Props`, defs[name].description, members(name, defs[name], defs, '  ')));
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = renderDslTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(outUrl, 'utf8') !== text) {
      console.error('src/dsl/props.generated.ts is out of date: run `npm run gen:types`');
      process.exit(1);
    }
  } else {
    writeFileSync(outUrl, text);
  }
}
