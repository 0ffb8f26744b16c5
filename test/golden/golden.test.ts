/**
 * Golden files: every test/golden/<case>/input.yaml is validated and, when valid, compiled for every
 * registered target into the case directory itself (so outputs such as nginx/nginx.conf run in place).
 * Invalid cases keep their rendered diagnostics in diagnostics.txt. `UPDATE_GOLDEN=1` rewrites every
 * output and deletes orphans. Cases may declare `# expect: CODE LINE:COL` lines, checked independently
 * of the golden text.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../src/compile/compile.js';
import { renderDiagnostics } from '../../src/diag/render.js';
import { validateFiles } from '../../src/spec/validate.js';
import { TARGETS } from '../../src/targets/registry.js';

const ROOT = 'test/golden';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** A golden case: a spec and the directory its outputs live in. */
interface GoldenCase {
  name: string;
  spec: string;
  dir: string;
}

/** What the case directory should hold besides input.yaml, by path relative to the case directory. */
function expectedOutputs({ spec, dir: caseDir }: GoldenCase): Map<string, string> {
  const outputs = new Map<string, string>();
  const validation = validateFiles([spec]);
  if (validation.diagnostics.length) outputs.set('diagnostics.txt', renderDiagnostics(validation.diagnostics));
  for (const source of validation.gateways) {
    for (const target of TARGETS) {
      const result = compileGateway(source, [target], { outDir: caseDir, allowDegraded: true });
      if (result.diagnostics.length) outputs.set(`diagnostics.${target.name}.txt`, renderDiagnostics(result.diagnostics));
      for (const file of result.files) outputs.set(file.path, file.content);
    }
  }
  return outputs;
}

function declaredExpectations(input: string): string[] {
  return [...input.matchAll(/^# expect: (WS\d{4}) (\d+):(\d+)$/gm)].map((m) => `${m[1]} ${m[2]}:${m[3]}`);
}

/** Feature cases (test/golden/<case>/input.yaml) and every example (examples/<name>.yaml -> test/golden/example-<name>/). */
const cases: GoldenCase[] = [
  ...readdirSync(ROOT)
    .filter((name) => existsSync(join(ROOT, name, 'input.yaml')))
    .map((name) => ({ name, spec: join(ROOT, name, 'input.yaml'), dir: join(ROOT, name) })),
  ...readdirSync('examples')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => {
      const name = `example-${file.replace(/\.yaml$/, '')}`;
      return { name, spec: join('examples', file), dir: join(ROOT, name) };
    }),
].sort((a, b) => (a.name < b.name ? -1 : 1));

describe('golden files', () => {
  it('has cases', () => {
    expect(cases.filter((c) => c.name.startsWith('invalid-')).length).toBeGreaterThanOrEqual(30);
  });

  for (const golden of cases) {
    const { name, dir: caseDir } = golden;
    it(`${name} matches its golden outputs`, () => {
      const outputs = expectedOutputs(golden);
      const present = (existsSync(caseDir) ? listFiles(caseDir) : [])
        .map((f) => relative(caseDir, f))
        .filter((f) => f !== 'input.yaml');
      if (UPDATE) {
        for (const orphan of present.filter((f) => !outputs.has(f))) rmSync(join(caseDir, orphan));
        for (const [path, content] of outputs) {
          mkdirSync(dirname(join(caseDir, path)), { recursive: true });
          writeFileSync(join(caseDir, path), content);
        }
        return;
      }
      expect(present.filter((f) => !outputs.has(f)), 'orphan files (run UPDATE_GOLDEN=1)').toEqual([]);
      for (const [path, content] of outputs) {
        const file = join(caseDir, path);
        expect(existsSync(file), `${file} is missing (run UPDATE_GOLDEN=1)`).toBe(true);
        expect(content, `${file} differs (run UPDATE_GOLDEN=1 and review the diff)`).toBe(readFileSync(file, 'utf8'));
      }
    });

    const declared = declaredExpectations(readFileSync(golden.spec, 'utf8'));
    if (declared.length) {
      it(`${name} reports exactly the declared codes and positions`, () => {
        const { diagnostics } = validateFiles([golden.spec]);
        const found = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.col}`);
        expect(found).toEqual(declared);
      });
    }
  }
});
