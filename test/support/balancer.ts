import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the balancer forwarded: to which replica, with which headers and body. */
export interface Forwarded {
  replica: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Balancer {
  /** `http://127.0.0.1:<port>`: the address the clients (or the other services) are given. */
  readonly url: string;
  /** The replicas' base URLs, in turn (round robin); settable once they have started. */
  targets: string[];
  /** Requests forwarded to each replica. */
  readonly hits: number[];
  /** Every request forwarded, in order (the tests replay one elsewhere). */
  readonly forwarded: Forwarded[];
  stop(): Promise<void>;
}

/**
 * The HTTP load balancer of a scaled deployment (docker-compose.replicas.yml puts nginx there),
 * reduced to what a test needs: round robin over the replicas, keep-alive to each, nothing
 * sticky — consecutive requests of one client land on different replicas, which is what makes
 * per-process state visible.
 */
export async function startBalancer(targets: string[] = []): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const state = { targets, hits: [] as number[], forwarded: [] as Forwarded[] };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      if (state.targets.length === 0) {
        outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('no replica yet');
        return;
      }
      const replica = next++ % state.targets.length;
      state.hits[replica] = (state.hits[replica] ?? 0) + 1;
      const body = Buffer.concat(chunks);
      state.forwarded.push({ replica, method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers, body });
      const target = new URL(incoming.url ?? '/', state.targets[replica]);
      const headers = { ...incoming.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const upstream = request(target, { method: incoming.method, headers, agent }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end('bad gateway');
      });
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get targets() {
      return state.targets;
    },
    set targets(value: string[]) {
      state.targets = value;
    },
    hits: state.hits,
    forwarded: state.forwarded,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
