import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compileFile } from '../../../src/compile/compile-file.js';
import { renderDiagnostics } from '../../../src/diag/render.js';
import type { Gateway } from '../../../src/spec/types.generated.js';

/** A proxy started by a test from a compiled spec. */
export interface RunningGateway {
  /** Target name (nginx, haproxy, envoy). */
  target: string;
  /** Output directory the config was compiled into. */
  outDir: string;
  /** Recompiles (optionally a new spec) and reloads the proxy gracefully; resolves when the new config serves. */
  reload(spec?: Gateway): Promise<void>;
  /** Stops every process of the proxy (by PID). */
  stop(): Promise<void>;
  /** The proxy's logs so far (error log and access log), for assertions and failure messages. */
  logs(): string;
}

/** Starts one target's proxy for a spec; shared by target tests and the parity suite. */
export interface GatewayRunner {
  /** Target name. */
  target: 'nginx' | 'haproxy' | 'envoy' | 'cloudflare';
  /** Compiles the spec into a fresh directory under workDir and starts the proxy on it. */
  start(spec: Gateway, workDir: string): Promise<RunningGateway>;
}

/** A fresh temporary directory for one test file; removed by the returned cleanup. */
export function makeWorkDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `wsctl-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a spec object as YAML into dir and compiles it for a target into dir/out; throws with diagnostics on failure. */
export function compileSpec(spec: Gateway, dir: string, target: string, options: { allowDegraded?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const specFile = join(dir, 'gateway.yaml');
  writeFileSync(specFile, stringify(spec));
  const outDir = join(dir, 'out');
  const result = compileFile(specFile, { target, outDir, allowDegraded: options.allowDegraded ?? false });
  if (result.exitCode !== 0) throw new Error(`compile for ${target} failed:\n${renderDiagnostics(result.diagnostics)}`);
  return outDir;
}
