import pino, { type Logger } from 'pino';
import type { LogFormat, LogLevel } from './config';
import { currentTrace, followTracesImplicitly } from './trace';

/**
 * A service's log. Two formats (LOG_FORMAT): `json`, one pino JSON object per line with the
 * service, the level, the time and the trace id of the request being served (what a log
 * pipeline ingests; the production default), and `line`, `[service] message` (a terminal's).
 *
 * What is written is operational only: Passerelle never logs a request's variables, a row, a
 * name, a birth date, an address or a concern's content, at any level (test/logs.e2e.ts runs
 * a whole workload at debug level and looks for them). Error messages from the database or a
 * library can quote the value they choke on: `safeErrorText` drops quoted text before logging.
 */
export interface Log {
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

/** Extra structured fields of a JSON line: counts, durations, codes — never personal data. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const rank: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

/** Where lines go: stderr unless a test captures them. */
export interface LogSink {
  write(line: string): void;
}
const stderr: LogSink = { write: (line) => process.stderr.write(line) };

/** The default format: JSON in production, lines elsewhere (what LOG_FORMAT defaults to). */
export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const configured = env.LOG_FORMAT;
  if (configured === 'json' || configured === 'line') return configured;
  return env.NODE_ENV === 'production' ? 'json' : 'line';
}

export function createLog(name: string, level: LogLevel = 'info', format: LogFormat = defaultLogFormat(), sink: LogSink = stderr): Log {
  if (format === 'json') return jsonLog(name, level, sink);
  const write = (at: LogLevel, message: string) => {
    if (rank[at] <= rank[level]) sink.write(`[${name}] ${message}\n`);
  };
  return {
    info: (m) => write('info', m),
    error: (m) => write('error', m),
    debug: (m) => write('debug', m),
  };
}

function jsonLog(name: string, level: LogLevel, sink: LogSink): Log {
  // At debug level every line written while serving a request carries its trace id, wherever it
  // is written from: that needs the trace to follow the request implicitly (trace.ts says the cost).
  if (level === 'debug') followTracesImplicitly();
  const logger: Logger = pino(
    {
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const trace = currentTrace();
        return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
      },
    },
    // Synchronous: a line written just before the process exits (a startup failure) is not lost.
    { write: (line: string) => sink.write(line) },
  );
  return {
    info: (m, fields) => logger.info(fields ?? {}, m),
    error: (m, fields) => logger.error(fields ?? {}, m),
    debug: (m, fields) => logger.debug(fields ?? {}, m),
  };
}

/**
 * An error as it may be logged: its class, its code (a PostgreSQL SQLSTATE, a Node error code)
 * and its message with any quoted text replaced by "…" — PostgreSQL and parsers quote the value
 * they refused (`invalid input syntax for type date: "…"`), which may be personal data.
 */
export function safeErrorText(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const scrubbed = message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/\((?:[^()]*)\)=\((?:[^()]*)\)/g, '(…)=(…)');
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? `${e.name}: ` : '';
  const code = typeof e?.code === 'string' ? ` [${e.code}]` : '';
  return `${name}${scrubbed}${code}`;
}

/** The stack frames of an error without its message (the frames name code, never data). */
export function errorFrames(error: unknown): string {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** Apollo's logger interface, on a Passerelle log (Apollo's own lines then share its format). */
export function apolloLogger(log: Log): { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void } {
  const text = (message: unknown) => (message instanceof Error ? safeErrorText(message) : String(message));
  return {
    debug: (m) => log.debug(text(m)),
    info: (m) => log.info(text(m)),
    warn: (m) => log.info(text(m)),
    error: (m) => log.error(text(m)),
  };
}
