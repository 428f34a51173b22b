import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphFetcher } from './subgraph-fetch';

/** A stand-in subgraph: echoes the request, counts the connections it accepted. */
async function echoServer(keepAliveTimeout = 5000): Promise<{ url: string; server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const status = request.url === '/down' ? 503 : 200;
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'private', 'x-twice': ['a', 'b'] });
      response.end(JSON.stringify({ method: request.method, body, signed: request.headers['x-signed'] ?? null }));
    });
  });
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, connections: () => connections };
}

describe('the gateway’s HTTP client to the subgraphs', () => {
  it('POSTs the body with its headers and hands back the whole answer (status, headers, JSON)', async () => {
    const { url, server } = await echoServer();
    const fetch = subgraphFetcher();
    try {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signed': 'yes' }, body: '{"query":"{ é }"}' });
      expect(response.ok).toBe(true);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('application/json');
      expect(response.headers.get('cache-control')).toBe('private');
      expect(response.headers.get('x-twice')).toBe('a, b');
      expect(response.headers.get('x-absent')).toBeNull();
      expect(await response.json()).toEqual({ method: 'POST', body: '{"query":"{ é }"}', signed: 'yes' });
      const down = await fetch(`${url}/down`, { method: 'POST', headers: {}, body: '{}' });
      expect([down.ok, down.status]).toEqual([false, 503]);
    } finally {
      fetch.destroy();
      server.close();
    }
  });

  it('keeps connections alive: many requests, in turn and at once, over a few connections', async () => {
    const { url, server, connections } = await echoServer();
    const fetch = subgraphFetcher();
    try {
      for (let i = 0; i < 20; i++) await (await fetch(url, { method: 'POST', headers: {}, body: `${i}` })).json();
      expect(connections()).toBe(1);
      await Promise.all(Array.from({ length: 50 }, async (_, i) => (await fetch(url, { method: 'POST', headers: {}, body: `${i}` })).json()));
      const afterBurst = connections();
      expect(afterBurst).toBeLessThanOrEqual(50);
      for (let i = 0; i < 20; i++) await (await fetch(url, { method: 'POST', headers: {}, body: `${i}` })).json();
      expect(connections()).toBe(afterBurst);
    } finally {
      fetch.destroy();
      server.close();
    }
  });

  it('closes an idle connection before the subgraph would, so that no request is sent on a closing one', async () => {
    const { url, server, connections } = await echoServer(300);
    const fetch = subgraphFetcher({ idleMs: 100 });
    try {
      await (await fetch(url, { method: 'POST', headers: {}, body: '1' })).json();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(url, { method: 'POST', headers: {}, body: '2' });
      expect(await response.json()).toMatchObject({ body: '2' });
      expect(connections()).toBe(2);
    } finally {
      fetch.destroy();
      server.close();
    }
  });

  it('a subgraph that is not there fails with Node’s connection code (what the data source reads as unavailable)', async () => {
    const { url, server } = await echoServer();
    await new Promise((resolve) => server.close(resolve));
    const fetch = subgraphFetcher();
    try {
      await expect(fetch(url, { method: 'POST', headers: {}, body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      fetch.destroy();
    }
  });
});
