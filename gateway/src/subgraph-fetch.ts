import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

/** A response's headers, read from Node's own (lower-cased) header object. */
class Headers implements FetcherHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
  }
  append(name: string, value: string): void {
    const had = this.get(name);
    this.raw[name.toLowerCase()] = had === null ? value : `${had}, ${value}`;
  }
  delete(name: string): void {
    delete this.raw[name.toLowerCase()];
  }
  set(name: string, value: string): void {
    this.raw[name.toLowerCase()] = value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  *entries(): Iterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }
  *keys(): Iterator<string> {
    yield* Object.keys(this.raw);
  }
  *values(): Iterator<string> {
    for (const name of Object.keys(this.raw)) yield this.get(name)!;
  }
  forEach(callback: (value: string, key: string, parent: FetcherHeaders) => void): void {
    for (const name of Object.keys(this.raw)) callback(this.get(name)!, name, this);
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries();
  }
}

/** A subgraph's whole answer, read before it is handed over (the gateway parses it at once). */
class Response implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;
  readonly headers: Headers;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.headers = new Headers(rawHeaders);
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }
  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }
  clone(): Response {
    return new Response(this.url, this.status, this.statusText, { ...this.rawHeaders }, this.body);
  }
}

export interface SubgraphFetchOptions {
  /** Most connections open to one subgraph at once (requests beyond wait for one). */
  maxSockets?: number;
  /**
   * How long an idle kept-alive connection is kept (ms): below the subgraphs' own keep-alive
   * timeout (Node's default, 5 s), so that the gateway never sends a request on a connection the
   * subgraph is closing (ECONNRESET: a field "unavailable" for no reason).
   */
  idleMs?: number;
}

/**
 * The gateway's HTTP client to the subgraphs: Node's http module over keep-alive agents, one pool
 * of connections per subgraph origin, reused from request to request. It replaces Node's fetch
 * (undici through WHATWG streams, an AbortSignal and a resource-timing entry per request), which
 * cost the gateway a quarter of its CPU under load for the same exchange: a POST of a JSON body,
 * whose whole JSON answer is read and parsed at once. Connection errors keep Node's codes
 * (ECONNREFUSED, ECONNRESET…), which the data source reads as "unavailable".
 */
export function subgraphFetcher(options: SubgraphFetchOptions = {}): Fetcher & { destroy(): void } {
  const settings = { keepAlive: true, maxSockets: options.maxSockets ?? 256, maxFreeSockets: 64, timeout: options.idleMs ?? 2000, scheduling: 'lifo' as const };
  const http = new HttpAgent(settings);
  const https = new HttpsAgent(settings);
  const fetcher = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<FetcherResponse> =>
    new Promise((resolve, reject) => {
      const secure = url.startsWith('https:');
      const body = init?.body ?? '';
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: init?.method ?? 'POST',
          headers: { ...init?.headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? https : http,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(new Response(url, response.statusCode ?? 0, response.statusMessage ?? '', response.headers, Buffer.concat(chunks))));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return Object.assign(fetcher as Fetcher, {
    destroy() {
      http.destroy();
      https.destroy();
    },
  });
}
