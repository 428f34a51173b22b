import http from 'node:http';

/**
 * A closed-loop load generator (autocannon's model, without its dependencies in the lock): each
 * of `connections` clients sends a request, reads the whole answer, checks it and sends the
 * next, on keep-alive connections, for `durationMs`. Latencies are per request, in ms.
 */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  latencies: number[];
  elapsedMs: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** POSTs `body` (JSON) on `agent`'s keep-alive connections and reads the whole answer. */
export function postJson(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A GraphQL answer's problem, or null: HTTP 200 and no `errors`. */
export function answerProblem(answer: HttpAnswer): string | null {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  // Parsed as a client would (and to catch an `errors` member anywhere the text has the word).
  if (answer.text.includes('"errors"')) {
    const parsed = JSON.parse(answer.text) as { errors?: { message?: string }[] };
    if (parsed.errors?.length) return `GraphQL error: ${parsed.errors[0]!.message ?? '?'}`;
  } else {
    JSON.parse(answer.text);
  }
  return null;
}

/** Runs `send` in `connections` closed loops for `durationMs`; `send` rejects or answers a problem (string) on failure. */
export async function closedLoop(options: {
  connections: number;
  durationMs: number;
  send: (agent: http.Agent) => Promise<string | null>;
}): Promise<LoadResult> {
  // Per host: the floor's loops send a wave's requests at once (several to one subgraph, maybe).
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections * 4, maxFreeSockets: options.connections * 4 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + options.durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      let problem: string | null;
      try {
        problem = await options.send(agent);
      } catch (error) {
        problem = (error as Error).message;
      }
      if (problem) {
        errors++;
        firstError ??= problem;
      } else {
        latencies.push(performance.now() - t0);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, loop));
  } finally {
    agent.destroy();
  }
  return { requests: latencies.length, errors, firstError, latencies, elapsedMs: performance.now() - started };
}
