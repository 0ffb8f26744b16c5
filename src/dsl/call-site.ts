import { fileURLToPath } from 'node:url';

/** Where a DSL builder was called: the module file (absolute), 1-based line and column, and the builder's name. */
export interface CallSite {
  /** Absolute path of the calling module. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column as the runtime reported it (a transpiled module may shift it; the line is exact). */
  col: number;
  /** The builder that was called (route, backend, file, ...), to find the call on its line. */
  builder: string;
}

const FRAME = /^\s*at (?:async )?(?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** The file, line and column of one V8 stack frame line, or undefined for native and eval frames. */
export function parseFrame(frame: string): Omit<CallSite, 'builder'> | undefined {
  const match = FRAME.exec(frame);
  if (!match?.[1] || frame.includes('(eval at ') || frame.includes('(native)')) return undefined;
  const raw = match[1];
  const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
  if (file.startsWith('node:')) return undefined;
  return { file, line: Number(match[2]), col: Number(match[3]) };
}

/** The frames of a stack trace (without the message line), parsed; unparsable frames dropped. */
export function parseStack(stack: string | undefined): Omit<CallSite, 'builder'>[] {
  return (stack ?? '').split('\n').flatMap((line) => {
    const frame = line.trimStart().startsWith('at ') ? parseFrame(line) : undefined;
    return frame ? [frame] : [];
  });
}

/**
 * Where `builder` was called from: the first stack frame above it. Undefined when the runtime gives no
 * stack (the DSL still works; diagnostics then point at the JSON rendering).
 */
export function callSite(builder: (...args: never[]) => unknown, name: string): CallSite | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  try {
    Error.captureStackTrace(holder, builder);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frame = parseStack(holder.stack)[0];
  return frame ? { ...frame, builder: name } : undefined;
}
