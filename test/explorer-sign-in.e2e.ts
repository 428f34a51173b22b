import { partnerId, partnerMemberId, repoPath } from '@passerelle/common';
import type { OidcSettings } from '@passerelle/gateway';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { refresh, signingKey, startProvider, type TestProvider } from './support/oidc';
import { freePort } from './support/faults';
import { postGraphQL, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 16: the explorer signs in with the identity provider (Authorization Code + PKCE, in the
 * page, a public client) and refreshes its token; in development it also offers a picker of the
 * seeded audiences and institutions. A real browser (Debian's chromium) against a real provider
 * (oidc-provider in a child process), both on loopback.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const CLIENT_ID = 'passerelle-explorer';
const RESOURCE = 'https://passerelle.test/graphql';

jest.setTimeout(180_000);

describe('the explorer signs in', () => {
  let stack: TestStack;
  let provider: TestProvider;
  let origin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
    if (!existsSync(repoPath('gateway/dist/explorer/app.js'))) throw new Error('the explorer is not bundled: run npm run build');
    const port = await freePort();
    const settings: OidcSettings = {
      issuer: `http://127.0.0.1:${port}`,
      audience: RESOURCE,
      tokenType: 'at+jwt',
      match: 'email',
      emailClaim: 'email',
      organisationClaims: { uai: 'uai' },
      clientId: CLIENT_ID,
      scope: 'openid email organisation passerelle',
      resource: RESOURCE,
    };
    // Development: the provider's tokens and the development ones side by side.
    stack = await startTestStack({ children: 20, oidc: settings });
    origin = new URL(stack.gateway.url).origin;
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ email: string; uai: string }>(
      'SELECT m.email, p.uai FROM partners.partner_member m JOIN partners.partner p ON p.id = m.partner_id WHERE m.id = $1',
      [partnerMemberId('SCHOOL', 0, 0)],
    );
    await db.end();
    provider = await startProvider(port, [await signingKey('key-1')], {
      accounts: { school: { email: rows[0]!.email, email_verified: true, uai: rows[0]!.uai } },
      resources: [RESOURCE],
      client: { client_id: CLIENT_ID, redirect_uris: [`${origin}/explorer`], origins: [origin] },
      // Refreshed 60 s before expiry: 65 s makes the explorer refresh 5 s after signing in.
      accessTtl: 65,
    });
    profile = mkdtempSync(path.join(tmpdir(), 'passerelle-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 860 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await provider?.stop();
    await stack?.stop();
  });

  const stored = () => page.evaluate("sessionStorage.getItem('passerelle.explorer.token')") as Promise<string | null>;

  it('signs in with the provider (Authorization Code + PKCE) and acts as the member’s audience', async () => {
    await page.goto(`${origin}/explorer`);
    await page.click(`button:has-text("Sign in with 127.0.0.1:${provider.port}")`);
    // The provider's own login page.
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.click('button[name="account"][value="school"]');
    await page.waitForURL(`${origin}/explorer`);
    // The audience comes from the directory (the gateway says which it served): the school's contract.
    await page.waitForSelector('.passerelle-explorer[data-schema-for="school"]');
    await page.waitForSelector('output[data-audience="school"]');
    const examples = await page.locator('.passerelle-examples button').allTextContents();
    expect(examples).toContain('Pupils and their enrolments');
    // No code or state left in the address bar.
    expect(page.url()).toBe(`${origin}/explorer`);
    const token = await stored();
    expect(token).toMatch(/^ey/);
    expect(await postGraphQL(stack.gateway.url, '{ __typename }', undefined, { authorization: `Bearer ${token}` })).toMatchObject({ status: 200 });
  });

  it('refreshes its token before it expires, and the refreshed token is accepted', async () => {
    const first = await stored();
    // Polled from here: the page's CSP refuses the string evaluation waitForFunction would use.
    for (let waited = 0; (await stored()) === first; waited += 250) {
      if (waited > 30_000) throw new Error(`the explorer did not refresh its token (${await page.locator('.passerelle-sign-in-message').allTextContents()})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const second = await stored();
    expect(second).toMatch(/^ey/);
    expect(await postGraphQL(stack.gateway.url, '{ __typename }', undefined, { authorization: `Bearer ${second}` })).toMatchObject({ status: 200 });
  });

  it('signs out: the refresh token revoked, the provider’s session ended, the next sign-in asks again', async () => {
    const refreshToken = (await page.evaluate("sessionStorage.getItem('passerelle.explorer.refresh')")) as string;
    expect(refreshToken).toEqual(expect.any(String));
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(`${provider.issuer}/session/end**`);
    await page.click('button[name="logout"]');
    await page.waitForURL(`${origin}/explorer`);
    await page.waitForSelector(`button:has-text("Sign in with 127.0.0.1:${provider.port}")`);
    expect(await stored()).toBeNull();
    await expect(refresh(provider, CLIENT_ID, refreshToken)).rejects.toThrow(/invalid_grant/);
    // The provider asks who signs in again (no session left to sign in silently with).
    await page.click(`button:has-text("Sign in with 127.0.0.1:${provider.port}")`);
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.click('button[name="account"][value="school"]');
    await page.waitForSelector('.passerelle-explorer[data-schema-for="school"]');
  });

  it('in development, acts as a seeded institution picked from the list', async () => {
    await page.selectOption('select[aria-label="Seeded audience and institution"]', { label: 'CRIP de Loire-Atlantique' });
    await page.waitForSelector('.passerelle-explorer[data-schema-for="crip"]');
    await page.waitForSelector('output[data-audience="crip"]');
    const token = await stored();
    expect(JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString())).toMatchObject({ audience: 'crip', partner_id: partnerId('CRIP', 0) });
  });

  it('sends bearer tokens to the gateway only, and only the provider’s endpoints see the sign-in', async () => {
    const withToken = requests.filter((r) => r.authorization !== undefined);
    expect(withToken.length).toBeGreaterThan(0);
    expect(withToken.every((r) => r.url === `${origin}/graphql`)).toBe(true);
    const elsewhere = requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith(`${provider.issuer}/`) && !r.url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
  });

  it('runs under its Content-Security-Policy with nothing refused and no error in the console', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('mints development tokens only for the picker’s seeded members', async () => {
    const refused = await fetch(`${origin}/explorer/dev-token?audience=department&partner=${partnerId('SCHOOL', 0)}&member=${partnerMemberId('SCHOOL', 0, 0)}`);
    expect(refused.status).toBe(400);
    const unknownScope = await fetch(`${origin}/explorer/dev-token?audience=crip&partner=${partnerId('CRIP', 0)}&member=${partnerMemberId('CRIP', 0, 0)}&scope=root:all`);
    expect(unknownScope.status).toBe(400);
  });
});
