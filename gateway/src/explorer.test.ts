import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EXPLORER_CSP, explorerRoutes } from './explorer';
import { developmentPicker, pickerEntries } from './explorer-sign-in';

function serve(routes: ReturnType<typeof explorerRoutes>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (route) return route(request, response);
    response.writeHead(404);
    response.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe('the explorer routes', () => {
  const assets = mkdtempSync(path.join(tmpdir(), 'explorer-assets-'));
  let server: Server;
  let url: string;
  beforeAll(async () => {
    writeFileSync(path.join(assets, 'app.js'), 'console.log("explorer");'.repeat(100));
    ({ server, url } = await serve(explorerRoutes({ assets, endpoint: '/graphql' })));
  });
  afterAll(() => {
    server.close();
    rmSync(assets, { recursive: true, force: true });
  });

  it('serve the page with a policy allowing only our own scripts and styles, and no inline script', async () => {
    const response = await fetch(`${url}/explorer`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(EXPLORER_CSP).toMatch(/script-src 'self';/);
    expect(EXPLORER_CSP).not.toMatch(/unsafe-|https?:/);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => ({ src: /src="([^"]+)"/.exec(attributes!)?.[1], body }))).toEqual([
      { src: '/explorer/app.js', body: '' },
    ]);
    expect(html).not.toMatch(/<style|style=/);
    expect(html).toContain('data-endpoint="/graphql"');
  });

  it('serve the bundle, gzipped when the browser accepts it, and 304 when unchanged', async () => {
    const plain = await fetch(`${url}/explorer/app.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const body = await plain.text();
    expect(body).toContain('console.log("explorer")');

    const gzipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(`${url}/explorer/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe(body);

    const again = await fetch(`${url}/explorer/app.js`, { headers: { 'if-none-match': plain.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('say how to build the bundle when it is missing', async () => {
    const response = await fetch(`${url}/explorer/app.css`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/not built.*npm run build/);
  });
});

describe('the explorer’s sign-in routes', () => {
  const provider = {
    settings: {
      issuer: 'https://idp.example',
      audience: 'passerelle',
      tokenType: 'at+jwt',
      match: 'email' as const,
      emailClaim: 'email',
      organisationClaims: { siret: 'siret' },
      clientId: 'passerelle-explorer',
      scope: 'openid email',
    },
    discover: async () => ({
      issuer: 'https://idp.example',
      jwks_uri: 'https://idp.example/jwks',
      authorization_endpoint: 'https://idp.example/authorize',
      token_endpoint: 'https://tokens.idp.example/token',
    }),
  };

  it('in production with a provider: no token field, the provider’s token endpoint in connect-src, no development picker', async () => {
    const { server, url } = await serve(explorerRoutes({ signIn: { provider, tokenField: false } }));
    try {
      const page = await fetch(`${url}/explorer`);
      expect(await page.text()).toContain('data-token-field="false"');
      expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self' https:\/\/idp\.example https:\/\/tokens\.idp\.example;/);
      const config = (await (await fetch(`${url}/explorer/sign-in.json`)).json()) as Record<string, unknown>;
      expect(config).toEqual({
        provider: expect.objectContaining({ authorizationEndpoint: 'https://idp.example/authorize', tokenEndpoint: 'https://tokens.idp.example/token', clientId: 'passerelle-explorer' }),
        development: null,
      });
      expect((await fetch(`${url}/explorer/dev-token?audience=crip`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('offers the development picker only under the public development secret, outside production', () => {
    const tokens = { secret: 'passerelle-development-secret-not-for-production', issuer: 'passerelle-dev', audience: 'passerelle' };
    expect(developmentPicker(tokens, false)).toEqual({ tokens });
    expect(developmentPicker(tokens, true)).toBeUndefined();
    expect(developmentPicker({ ...tokens, secret: 'a-secret-of-the-staging-platform-only' }, false)).toBeUndefined();
    expect(developmentPicker({ ...tokens, jwksUrl: 'https://idp.example/jwks' }, false)).toBeUndefined();
    const entries = pickerEntries();
    expect(new Set(entries.map((e) => e.audience)).size).toBe(10);
  });
});
