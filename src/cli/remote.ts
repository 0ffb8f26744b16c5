import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import type { Diagnostic } from '../diag/diagnostic.js';
import { adminClient, readClientToken, refusalOf, type AdminClient, type ApiResponse } from '../control/client.js';
import { ExpectedError } from './base.js';

/** Flags of every command that talks to a `wsctl serve` admin API. */
export const remoteFlags = {
  server: Flags.string({ description: 'admin URL of wsctl serve, e.g. http://127.0.0.1:18001 (env WSCTL_SERVER)', env: 'WSCTL_SERVER', required: true }),
  'token-file': Flags.string({ description: 'file whose first line is a bearer token of the server (env WSCTL_TOKEN_FILE)', env: 'WSCTL_TOKEN_FILE' }),
  'ca-file': Flags.string({ description: 'PEM CA that signed an https server\'s certificate (env WSCTL_CA_FILE)', env: 'WSCTL_CA_FILE' }),
};

/** The client for the flags given. */
export function clientFor(flags: { server: string; 'token-file'?: string; 'ca-file'?: string }): AdminClient {
  try {
    const token = flags['token-file'] ? readClientToken(flags['token-file']) : undefined;
    const ca = flags['ca-file'] ? readFileSync(flags['ca-file'], 'utf8') : undefined;
    return adminClient(flags.server, token, ca);
  } catch (error) {
    throw new ExpectedError(error instanceof Error ? error.message : String(error));
  }
}

/** A 2xx answer's body; otherwise stops the command with the server's message (diagnostics go to onDiagnostics first). */
export function expectOk(response: ApiResponse, onDiagnostics: (d: Diagnostic[]) => void = () => {}): unknown {
  if (response.status >= 200 && response.status < 300) return response.json;
  const refusal = refusalOf(response);
  onDiagnostics(refusal.diagnostics);
  throw new ExpectedError(`the server refused: ${refusal.message}`);
}

/** A path segment for a gateway name. */
export const gatewayPath = (name: string, suffix = ''): string => `/v1/gateways/${encodeURIComponent(name)}${suffix}`;
