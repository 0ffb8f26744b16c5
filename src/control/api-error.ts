import type { Diagnostic } from '../diag/diagnostic.js';

/** A refused admin API request: its HTTP status, a stable code, a message, and diagnostics for an invalid spec. */
export class ApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Stable machine-readable code, e.g. conflict. */
  readonly code: string;
  /** The same diagnostics as `wsctl validate`, for 422. */
  readonly diagnostics?: Diagnostic[];
  constructor(status: number, code: string, message: string, diagnostics?: Diagnostic[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.diagnostics = diagnostics;
  }
}
