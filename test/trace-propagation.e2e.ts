import { tracesFollowedImplicitly } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { DEPARTMENT, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * A request's trace without implicit propagation (trace.ts: AsyncLocalStorage costs every promise
 * a hook call, so it is on only with tracing or debug logs). In production's usual setting — JSON
 * logs at info level, no OpenTelemetry exporter — the gateway still hands the client's trace to
 * every subgraph request it makes, so an operator follows one request across the four services.
 */
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

describe('trace propagation without AsyncLocalStorage', () => {
  let stack: TestStack;
  const lines: string[] = [];
  const received: { subgraph: string; traceparent: string | undefined }[] = [];
  beforeAll(async () => {
    stack = await startTestStack({ children: 20, logs: { level: 'info', sink: { write: (line) => void lines.push(line) } } });
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      subgraph.server.prependListener('request', (request: IncomingMessage) => {
        if (request.url?.startsWith('/graphql')) received.push({ subgraph: name, traceparent: request.headers.traceparent as string | undefined });
      });
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('runs with implicit propagation off', () => {
    expect(tracesFollowedImplicitly()).toBe(false);
  });

  it("continues the client's trace in each subgraph request, each with a span of its own", async () => {
    received.length = 0;
    const clientSpan = '00f067aa0ba902b7';
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(DEPARTMENT)}`, traceparent: `00-${TRACE_ID}-${clientSpan}-01` },
      body: JSON.stringify({ query: '{ children(first: 3) { nodes { id currentPlacement { id } enrollments(first: 1) { nodes { id } } } } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(new Set(received.map((r) => r.subgraph))).toEqual(new Set(['cases', 'placements', 'partners']));
    const spans = new Set<string>();
    for (const { traceparent } of received) {
      const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(traceparent ?? '');
      expect(match?.[1]).toBe(TRACE_ID);
      expect(match?.[2]).not.toBe(clientSpan);
      spans.add(match![2]!);
    }
    expect(spans.size).toBe(received.length);
  });

  it('starts a trace for a request that came without one, shared by its subgraph requests', async () => {
    received.length = 0;
    const answer = await stack.query('{ children(first: 2) { nodes { id currentPlacement { id } } } }');
    expect(answer.errors).toBeUndefined();
    const traces = new Set(received.map((r) => /^00-([0-9a-f]{32})-/.exec(r.traceparent ?? '')?.[1]));
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(traces.size).toBe(1);
    expect([...traces][0]).toMatch(/^[0-9a-f]{32}$/);
  });
});
