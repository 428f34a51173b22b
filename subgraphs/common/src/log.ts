import type { LogLevel } from './config';

/** One-line, prefixed log lines on stderr; the level comes from LOG_LEVEL. */
export interface Log {
  info(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

const rank: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export function createLog(name: string, level: LogLevel = 'info'): Log {
  const write = (at: LogLevel, message: string) => {
    if (rank[at] <= rank[level]) process.stderr.write(`[${name}] ${message}\n`);
  };
  return {
    info: (m) => write('info', m),
    error: (m) => write('error', m),
    debug: (m) => write('debug', m),
  };
}
