import { currentTrace, followTracesImplicitly, formatTraceparent, parseTraceparent, requestTrace, startStep, traceFields, traceOf, tracesFollowedImplicitly, withTrace } from './trace';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('W3C trace context', () => {
  test('a valid traceparent is continued with a new span of this service', () => {
    const trace = traceOf(`00-${TRACE}-00f067aa0ba902b7-01`);
    expect(trace).toMatchObject({ traceId: TRACE, parentSpanId: '00f067aa0ba902b7', sampled: true });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
  });

  test.each([
    ['absent', undefined],
    ['garbage', 'hello'],
    ['all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-00f067aa0ba902b7-01`],
    ['upper case', `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`],
  ])('%s: a new trace starts', (_name, header) => {
    expect(parseTraceparent(header)).toBeNull();
    const trace = traceOf(header);
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.traceId).not.toBe(TRACE);
    expect(trace.sampled).toBe(false);
  });

  // Order matters below: implicit propagation, once on, stays on for the process (this file).
  test('without implicit propagation (the default): the trace is handed on explicitly, nothing follows promises', async () => {
    expect(tracesFollowedImplicitly()).toBe(false);
    const trace = traceOf(`00-${TRACE}-00f067aa0ba902b7-01`);
    const request = {};
    await withTrace(
      trace,
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        expect(currentTrace()).toBeUndefined();
        expect(startStep('POST cases').traceparent).toBeUndefined();
        // The request's trace, given explicitly: what the gateway does for each subgraph request.
        const child = parseTraceparent(startStep('POST cases', 'client', undefined, requestTrace(request)).traceparent);
        expect(child).toMatchObject({ traceId: TRACE, sampled: true });
        expect(child!.parentSpanId).not.toBe(trace.spanId);
      },
      request,
    );
    expect(requestTrace(request)).toBe(trace);
    expect(requestTrace({})).toBeUndefined();
    expect(traceFields(trace)).toEqual({ trace_id: TRACE, span_id: trace.spanId });
    expect(traceFields(undefined)).toEqual({});
  });

  test('with implicit propagation: requests made while serving one carry its trace id with a child span', async () => {
    followTracesImplicitly();
    expect(tracesFollowedImplicitly()).toBe(true);
    const trace = traceOf(`00-${TRACE}-00f067aa0ba902b7-01`);
    expect(startStep('POST cases').traceparent).toBeUndefined();
    await withTrace(trace, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(currentTrace()).toBe(trace);
      const child = parseTraceparent(startStep('POST cases').traceparent);
      expect(child).toMatchObject({ traceId: TRACE, sampled: true });
      expect(child!.parentSpanId).not.toBe(trace.spanId);
    });
    expect(formatTraceparent(trace)).toBe(`00-${TRACE}-${trace.spanId}-01`);
  });
});
