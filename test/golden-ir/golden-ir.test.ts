/**
 * Emitter golden files from IR fixtures, as Envoy Gateway tests its translator (xds-ir in → xds out):
 * every test/golden-ir/<case>/ir.yaml is parsed as the IR and compiled for each proxy target with no
 * spec in sight, into the case directory. One case per feature. `UPDATE_GOLDEN=1` rewrites the outputs
 * and deletes orphans.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile } from '../../src/api.js';
import { renderDiagnostics } from '../../src/diag/render.js';
import type { IrGateway } from '../../src/ir/types.js';

const ROOT = 'test/golden-ir';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TARGETS = ['nginx', 'haproxy', 'envoy', 'cloudflare'] as const;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every output of a case, by path relative to its directory. */
function outputsOf(caseDir: string): Map<string, string> {
  const ir = parse(readFileSync(join(caseDir, 'ir.yaml'), 'utf8')) as IrGateway;
  const outputs = new Map<string, string>();
  for (const target of TARGETS) {
    const result = compile(ir, { target, allowDegraded: true, outDir: caseDir, specDir: resolve(caseDir) });
    if (result.diagnostics.length) outputs.set(`diagnostics.${target}.txt`, renderDiagnostics(result.diagnostics));
    for (const file of result.files) outputs.set(file.path, file.content);
  }
  return outputs;
}

const cases = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'ir.yaml'))).sort();

describe('emitter golden files from IR fixtures', () => {
  it('has a case per feature', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of cases) {
    const caseDir = join(ROOT, name);
    it(`${name}: every target's output matches`, () => {
      const outputs = outputsOf(caseDir);
      expect([...outputs.keys()].some((p) => p.startsWith('envoy/'))).toBe(true);
      const present = listFiles(caseDir).map((f) => relative(caseDir, f)).filter((f) => f !== 'ir.yaml');
      if (UPDATE) {
        for (const stale of present.filter((f) => !outputs.has(f))) rmSync(join(caseDir, stale));
        for (const [path, content] of outputs) {
          mkdirSync(dirname(join(caseDir, path)), { recursive: true });
          writeFileSync(join(caseDir, path), content);
        }
        return;
      }
      expect(present.sort()).toEqual([...outputs.keys()].sort());
      for (const [path, content] of outputs) expect(readFileSync(join(caseDir, path), 'utf8'), `${name}/${path}`).toBe(content);
    });
  }
});
