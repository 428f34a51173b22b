import { createLog, defaultLogFormat, errorFrames, safeErrorText } from './log';
import { traceFields, traceOf, tracesFollowedImplicitly, withTrace } from './trace';

function capture() {
  const lines: string[] = [];
  return { lines, sink: { write: (line: string) => void lines.push(line) } };
}

describe('logs', () => {
  test('json: one object per line with service, level, time, message and the trace it is given', () => {
    const { lines, sink } = capture();
    const log = createLog('cases', 'info', 'json', sink);
    // At info level a line carries the trace it is given (trace.ts: no implicit propagation).
    expect(tracesFollowedImplicitly()).toBe(false);
    log.info('ready');
    const trace = traceOf(undefined);
    withTrace(trace, () => log.error('audit record not written', { attempts: 3, ...traceFields(trace) }));
    log.debug('not at info level');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ service: 'cases', level: 'info', msg: 'ready' });
    expect(first!.trace_id).toBeUndefined();
    expect(typeof first!.time).toBe('string');
    expect(second).toMatchObject({ service: 'cases', level: 'error', msg: 'audit record not written', attempts: 3, trace_id: trace.traceId, span_id: trace.spanId });
  });

  test('json at debug level: every line written while serving a request carries its trace, wherever from', async () => {
    const { lines, sink } = capture();
    const log = createLog('cases', 'debug', 'json', sink);
    expect(tracesFollowedImplicitly()).toBe(true);
    const trace = traceOf(undefined);
    await withTrace(trace, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      log.debug('deep in the request');
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'deep in the request', trace_id: trace.traceId, span_id: trace.spanId });
  });

  test('line: [service] message, and silent writes nothing', () => {
    const { lines, sink } = capture();
    createLog('gateway', 'info', 'line', sink).info('listening');
    createLog('gateway', 'silent', 'json', sink).error('nothing');
    expect(lines).toEqual(['[gateway] listening\n']);
  });

  test('LOG_FORMAT defaults to json in production, line elsewhere', () => {
    expect(defaultLogFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(defaultLogFormat({})).toBe('line');
    expect(defaultLogFormat({ NODE_ENV: 'production', LOG_FORMAT: 'line' })).toBe('line');
  });

  test('an error is logged without the values it quotes', () => {
    const pg = Object.assign(new Error('invalid input syntax for type date: "Dupont 12/03/2014"'), { code: '22007' });
    expect(safeErrorText(pg)).toBe('invalid input syntax for type date: "…" [22007]');
    const duplicate = new Error(`Key (last_name, birth_date)=(Martin, 2015-02-01) already exists; value 'Léa'`);
    expect(safeErrorText(duplicate)).toBe(`Key (…)=(…) already exists; value '…'`);
    expect(safeErrorText(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    const frames = errorFrames(new Error('secret "Léa"'));
    expect(frames).toMatch(/^\s+at /);
    expect(frames).not.toContain('Léa');
  });
});
