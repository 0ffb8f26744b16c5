import { Command, Flags } from '@oclif/core';
import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderDiagnostics, summarize } from '../diag/render.js';

/** Raised to stop a command with an expected error: printed as `wsctl: message`, no stack trace. */
export class ExpectedError extends Error {
  /** Process exit code. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Base of every wsctl command: a --json flag, diagnostic printing, and errors as `wsctl: message`. */
export abstract class WsctlCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({ description: 'Print machine-readable JSON.', default: false }),
  };

  /** Prints a value as pretty JSON on stdout. */
  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Prints diagnostics compiler-style on stderr, with a summary line when there are any. */
  protected printDiagnostics(diagnostics: readonly Diagnostic[]): void {
    if (diagnostics.length === 0) return;
    process.stderr.write(renderDiagnostics(diagnostics));
    process.stderr.write(`${summarize(diagnostics)}\n`);
  }

  /** Ends the command with an exit code, after output was printed. */
  protected finish(exitCode: number): void {
    process.exitCode = exitCode;
  }

  /**
   * Ends with an error: `wsctl: message` on stderr, or with --json a JSON object on stdout
   * (`{ ok: false, error: { code, message } }`); the exit code is the same either way.
   */
  private fail(code: string, message: string, exitCode: number, hint = ''): void {
    if (this.argv.includes('--json')) this.printJson({ ok: false, error: { code, message } });
    else process.stderr.write(`wsctl: ${message}\n${hint}`);
    process.exitCode = exitCode;
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (error instanceof ExpectedError) {
      this.fail(Codes.COMMAND_FAILED, error.message, error.exitCode);
      return undefined;
    }
    const oclifExit = error.oclif?.exit;
    if (oclifExit !== undefined && oclifExit !== 0 && /Parse|Flag|Arg|Required|Unexpected|Nonexistent/i.test(error.name + error.message)) {
      const message = error.message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      this.fail(Codes.USAGE, message, 2, `See 'wsctl ${this.id ?? ''} --help'.\n`);
      return undefined;
    }
    if (oclifExit !== undefined) throw error;
    this.fail(Codes.INTERNAL, error.message, 1);
    if (process.env.WSCTL_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`);
    return undefined;
  }
}
