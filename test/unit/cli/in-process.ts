import { resolve } from 'node:path';
import { Config } from '@oclif/core';
import { COMMANDS } from '../../../src/cli/commands.js';

let config: Config | undefined;

/**
 * Runs a wsctl command in this process, from the TypeScript sources (never a stale dist/): the same
 * command classes, flags and error handling as bin/run.js, with stdout and stderr captured and the exit
 * code read from process.exitCode as the process would exit with it.
 */
export async function wsctlInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  config ??= await Config.load(resolve('.'));
  const [id, ...rest] = args;
  const command = COMMANDS[id as keyof typeof COMMANDS];
  if (!command) throw new Error(`no wsctl command ${String(id)}`);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await command.run(rest, config);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}
