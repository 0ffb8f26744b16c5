/** Fields of one structured log line. */
export type LogFields = Record<string, string | number | boolean | undefined | string[]>;

/** Structured logging: one event name per line plus fields. */
export interface Logger {
  /** Something worth knowing in production. */
  info(event: string, fields?: LogFields): void;
  /** Something that needs attention. */
  warn(event: string, fields?: LogFields): void;
  /** Something failed. */
  error(event: string, fields?: LogFields): void;
  /** Protocol detail (off unless asked for). */
  debug(event: string, fields?: LogFields): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Log level names, least severe first. */
export type LogLevel = (typeof LEVELS)[number];

/** A logger writing one JSON object per line ({time, level, event, ...fields}) at or above a level. */
export function jsonLogger(write: (line: string) => void, minimum: LogLevel = 'info'): Logger {
  const at = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
