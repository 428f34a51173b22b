import { repoPath } from '@passerelle/common';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { seeded, startTestStack, tokenFor, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The explorer in a real browser: Debian's chromium (never a downloaded one) driven by
 * playwright-core, against the whole platform. CI installs chromium (.ci/run); without it this
 * test fails, it does not skip.
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = repoPath('test/artifacts');
const QUERY = '{ children(first: 3) { nodes { lastName } } }';

// Each step of a browser test is bounded; a test as a whole may retry a step under load.
jest.setTimeout(180_000);

describe('the explorer, in a browser', () => {
  let stack: TestStack;
  let origin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const requests: { url: string; authorization?: string }[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium); .ci/run does it in CI`);
    }
    if (!existsSync(repoPath('gateway/dist/explorer/app.js'))) {
      throw new Error('the explorer is not bundled: run npm run build (npm test does)');
    }
    stack = await startTestStack({ children: 20 });
    origin = new URL(stack.gateway.url).origin;
    profile = mkdtempSync(path.join(tmpdir(), 'passerelle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.stop();
  });

  async function useToken(token: string, audience: string) {
    await page.fill('#passerelle-token-input', token);
    await page.click('button:has-text("Use token")');
    await page.waitForSelector(`output[data-audience="${audience}"]`);
    // The schema (and so the documentation) fetched with this token, not the previous one's.
    await page.waitForSelector(`.passerelle-explorer[data-schema-for="${audience}"]`);
  }

  /** The text of one of GraphiQL's CodeMirror editors, as the page holds it. */
  function editorValue(selector: string): Promise<string> {
    return page
      .locator(`${selector} .CodeMirror`)
      .evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  }

  /** Waits until the response pane shows `text`. */
  function responseShowing(text: string): Promise<void> {
    return page.locator('.graphiql-response .CodeMirror-code').filter({ hasText: text }).waitFor();
  }

  /** The fields the documentation explorer lists for a type. */
  async function documentedFields(type: string): Promise<string[]> {
    const docs = page.locator('section[aria-label="Documentation Explorer"]');
    const title = page.locator('.graphiql-doc-explorer-title').filter({ hasText: new RegExp(`^${type}$`) });
    const option = page.locator('[data-cy="doc-explorer-option"]', { hasText: new RegExp(`^${type}$`) }).first();
    // The explorer goes back to its root when the schema (re)loads after a token change, and its
    // search list closes when the editor re-renders: a step that landed just before is undone, so
    // the whole search (open, back to the root, type, pick) is tried again, each step bounded,
    // until the type's page stays. A machine under load is slow, never wrong.
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await docs.isVisible())) await page.click('button[aria-label="Show Documentation Explorer"]', { timeout: 5_000 });
        // Back to the root, whose search finds types (a type's page searches within it).
        while (await page.locator('.graphiql-doc-explorer-back').isVisible()) {
          await page.click('.graphiql-doc-explorer-back', { timeout: 5_000 });
        }
        const search = page.locator('[data-cy="doc-explorer-input"]');
        await search.fill('', { timeout: 5_000 });
        await search.pressSequentially(type, { timeout: 5_000 });
        await option.click({ timeout: 5_000 });
        await title.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 6) {
          await page.screenshot({ path: path.join(ARTIFACTS, `explorer-docs-${type}-failed.png`) }).catch(() => undefined);
          throw error;
        }
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
    return page.locator('.graphiql-doc-explorer-field-name').allTextContents();
  }

  it('runs a query with the département’s token and shows the answer', async () => {
    await page.goto(`${origin}/explorer`);
    await page.waitForSelector('.graphiql-container');
    await useToken(await tokenFor(seeded('department', 'DEPARTMENT')), 'department');
    expect(await page.textContent('output.passerelle-audience')).toMatch(/^Acting as audience department · partner /);

    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(QUERY);
    await page.click('button[aria-label^="Prettify"]');
    await page.click('.graphiql-execute-button');
    await responseShowing('"children"');
    const shown = JSON.parse(await editorValue('.graphiql-response')) as { data: { children: { nodes: { lastName: string }[] } } };
    const direct = await stack.query<{ children: { nodes: { lastName: string }[] } }>(QUERY);
    expect(shown.data.children.nodes).toHaveLength(3);
    expect(shown.data.children.nodes.every((n) => n.lastName.length > 0)).toBe(true);
    expect(shown.data).toEqual(direct.data);

    expect(await documentedFields('Child')).toEqual(expect.arrayContaining(['lastName', 'placements', 'enrollments']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-department.png') });
  });

  it('offers the examples of the token’s audience', async () => {
    await page.click('button[aria-label="Show Examples"]');
    await page.click('.passerelle-examples button:has-text("Children with their current placement")');
    expect(await editorValue('.graphiql-query-editor')).toContain('placements(first: 1)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-examples.png') });
  });

  it('with a school’s token, shows the school’s contract: no placements on Child', async () => {
    await useToken(await tokenFor(seeded('school', 'SCHOOL', 0)), 'school');
    const examples = await page.locator('.passerelle-examples button').allTextContents();
    expect(examples).toContain('Pupils and their enrolments');
    expect(examples).not.toContain('Children with their current placement');

    await page.click('.passerelle-examples button:has-text("Pupils and their enrolments")');
    await page.click('.graphiql-execute-button');
    await responseShowing('"children"');
    const answer = JSON.parse(await editorValue('.graphiql-response')) as { errors?: unknown; data: { children: { nodes: unknown[] } } };
    expect(answer.errors).toBeUndefined();
    expect(answer.data.children.nodes.length).toBeGreaterThan(0);

    const fields = await documentedFields('Child');
    expect(fields).toEqual(expect.arrayContaining(['lastName', 'enrollments']));
    expect(fields).not.toContain('placements');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-school.png') });
  });

  it('keeps the token in the tab’s sessionStorage and sends it only to the gateway', async () => {
    const storage = (await page.evaluate(
      "({ session: sessionStorage.getItem('passerelle.explorer.token'), local: Object.keys(localStorage) })",
    )) as { session: string | null; local: string[] };
    expect(storage.session).toMatch(/^ey/);
    expect(storage.local).toEqual([]);

    const elsewhere = requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    const withToken = requests.filter((r) => r.authorization !== undefined);
    expect(withToken.length).toBeGreaterThan(0);
    expect(withToken.every((r) => r.url === `${origin}/graphql` && r.authorization!.startsWith('Bearer '))).toBe(true);
  });

  it('runs under its Content-Security-Policy with nothing refused and no error in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
