// Generates docs/spec-reference.md from schemas/gateway.schema.json (descriptions, types, defaults).
// `--check` exits 1 when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(new URL('../schemas/gateway.schema.json', import.meta.url), 'utf8'));
const out = new URL('../docs/spec-reference.md', import.meta.url);

function typeOf(prop) {
  if (prop.$ref) return `[${prop.$ref.split('/').pop()}](#${prop.$ref.split('/').pop().toLowerCase()})`;
  if (prop.enum) return prop.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (prop.const) return `\`${prop.const}\``;
  if (prop.type === 'array') return `list of ${prop.items ? typeOf(prop.items) : 'any'}`;
  if (prop.type === 'object' && prop.additionalProperties && typeof prop.additionalProperties === 'object') return `map of ${typeOf(prop.additionalProperties)}`;
  if (prop.anyOf) return prop.anyOf.map(typeOf).join(' or ');
  return prop.type ?? 'object';
}

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function section(name, def, required = []) {
  const lines = [`## ${name}`, '', def.description ?? '', ''];
  if (def.pattern) lines.push(`Pattern: \`${def.pattern}\``, '');
  if (def.properties) {
    lines.push('| field | type | required | default | description |', '|---|---|---|---|---|');
    for (const [prop, value] of Object.entries(def.properties)) {
      const d = value.default !== undefined ? `\`${JSON.stringify(value.default)}\`` : '';
      lines.push(`| \`${prop}\` | ${typeOf(value)} | ${required.includes(prop) || def.required?.includes(prop) ? 'yes' : ''} | ${d} | ${cell(value.description)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const parts = [
  '# wsctl/v1 spec reference',
  '',
  'Generated from `schemas/gateway.schema.json` by `node scripts/gen-spec-docs.mjs`; do not edit by hand.',
  'Every string that reaches a proxy config is checked against the pattern shown for its type.',
  '',
  section('Gateway', schema),
  ...Object.entries(schema.$defs).map(([name, def]) => section(name, def)),
];
const text = `${parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== text) {
    console.error('docs/spec-reference.md is out of date: run `node scripts/gen-spec-docs.mjs`');
    process.exit(1);
  }
} else writeFileSync(out, text);
