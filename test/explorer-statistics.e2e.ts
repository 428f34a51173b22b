import { repoPath } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { examplesFor } from '../gateway/explorer/examples';
import { seeded, startTestStack, tokenFor, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The explorer's statistics, in a real browser (Debian's chromium, as test/explorer.e2e.ts): an
 * analyst runs a statistics example, the answer shows as a table whose suppressed cells are marked,
 * as a bar chart whose suppressed bars are not zeros, and the table downloads as CSV. What the page
 * shows is checked against the same query sent directly to the gateway. Screenshots go to
 * test/artifacts/ (CI keeps them: .ci/run).
 *
 * The figures: concerns inserted here in the first quarter of 2005, where the seeded world (which
 * starts years later) has none, from children living in the three arrondissements:
 *
 *                      Nantes  Saint-Nazaire  Châteaubriant-Ancenis | département
 *   January  SCHOOL        20              9                      2 |         31
 *   January  PMI           20             20                     20 |         60
 *   January  HOSPITAL       3              0                      0 |          3
 *   February SCHOOL        20             20                     20 |         60
 *   February PMI           20             20                     20 |         60
 *   February HOSPITAL      12              0                      0 |         12
 *
 * so that some cells are published and some suppressed (the 2 and the 3, and those that would
 * give them back).
 */
const PERIOD = { from: '2005-01-01', to: '2005-03-31', granularity: 'MONTH' };

async function insertFixture(stack: TestStack): Promise<void> {
  const cases = stack.subgraphs.cases!.db.dataSource;
  const cells: [string, string, string, number][] = [
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44109', 20],
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44184', 9],
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44036', 2],
    ['2005-01-20T10:00:00+01:00', 'HOSPITAL', '44109', 3],
    ['2005-02-20T10:00:00+01:00', 'HOSPITAL', '44109', 12],
    ...(['44109', '44184', '44036'] as const).flatMap((commune): [string, string, string, number][] => [
      ['2005-01-12T10:00:00+01:00', 'PMI', commune, 20],
      ['2005-02-10T10:00:00+01:00', 'SCHOOL', commune, 20],
      ['2005-02-10T10:00:00+01:00', 'PMI', commune, 20],
    ]),
  ];
  const childOf = new Map<string, string>();
  for (const commune of ['44109', '44184', '44036']) {
    const id = randomUUID();
    await cases.query(
      `INSERT INTO cases.child (id, first_names, last_name, birth_date, sex, commune_code) VALUES ($1, 'Fixture', 'Explorateur', '1996-06-15', 'F', $2)`,
      [id, commune],
    );
    childOf.set(commune, id);
  }
  for (const [receivedAt, sourceKind, commune, count] of cells) {
    for (let k = 0; k < count; k++) {
      const id = randomUUID();
      await cases.query(
        `INSERT INTO cases.concern (id, received_at, channel, source_kind, urgency, content, status) VALUES ($1, $2, 'PHONE', $3, 'NORMAL', 'fixture', 'RECEIVED')`,
        [id, receivedAt, sourceKind],
      );
      await cases.query(`INSERT INTO cases.concern_child (concern_id, child_id, received_at) VALUES ($1, $2, $3)`, [id, childOf.get(commune)!, receivedAt]);
    }
  }
}

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
const ANALYST = seeded('analyst', 'OBSERVATORY', 0);

interface Cell {
  value: number | null;
  suppressed: boolean;
}
interface Table {
  columns: string[];
  rows: { label: string; cells: Cell[]; total: Cell }[];
  columnTotals: Cell[];
  total: Cell;
  threshold: number;
}

/** A cell as the CSV must hold it, written here from the gateway's answer (not by the explorer's code). */
const csvCell = (c: Cell) => (c.suppressed ? 'suppressed' : c.value === null ? '' : String(c.value));

jest.setTimeout(180_000);

describe('the explorer’s statistics, in a browser', () => {
  let stack: TestStack;
  let origin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium); .ci/run does it in CI`);
    }
    if (!existsSync(repoPath('gateway/dist/explorer/app.js'))) {
      throw new Error('the explorer is not bundled: run npm run build (npm test does)');
    }
    stack = await startTestStack({ children: 20 });
    await insertFixture(stack);
    origin = new URL(stack.gateway.url).origin;
    profile = mkdtempSync(path.join(tmpdir(), 'passerelle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    mkdirSync(ARTIFACTS, { recursive: true });

    await page.goto(`${origin}/explorer`);
    await page.waitForSelector('.graphiql-container');
    await page.fill('#passerelle-token-input', await tokenFor(ANALYST));
    await page.click('button:has-text("Use token")');
    await page.waitForSelector('.passerelle-explorer[data-schema-for="analyst"]');
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.stop();
  });

  /** Picks an example of the analyst's, with these variables, runs it and waits for its answer. */
  async function pickAndRun(title: string, variables: Record<string, unknown>, root: string): Promise<void> {
    const example = examplesFor('analyst').find((e) => e.title === title);
    if (!example) throw new Error(`no analyst example "${title}"`);
    if (!(await page.locator('.passerelle-examples').isVisible())) await page.click('button[aria-label="Show Examples"]');
    await page.click(`.passerelle-examples button:has-text("${title}")`);
    await page
      .locator('.graphiql-editor-tool .CodeMirror')
      .first()
      .evaluate((element, text) => (element as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(text), JSON.stringify(variables, null, 2));
    // GraphiQL reads the operation's name from the editor a moment after an edit: run once it has.
    const operation = /^(?:query|mutation)\s+(\w+)/m.exec(example.query)?.[1] ?? null;
    const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
    for (let tries = 0; ; tries++) {
      const name = await queryEditor.evaluate((element) => (element as unknown as { CodeMirror: { operationName: string | null } }).CodeMirror.operationName);
      if (name === operation) break;
      if (tries === 100) throw new Error(`GraphiQL still names the operation ${name}, not ${operation}`);
      await page.waitForTimeout(50);
    }
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response .CodeMirror-code').filter({ hasText: new RegExp(`"${root}"|"errors"`) }).waitFor();
    expect(await editorValue('.graphiql-response')).not.toContain('"errors"');
  }

  /**
   * Runs a statistics example over the fixture's period and returns what the gateway answers the
   * same operation directly.
   */
  async function runExample<T>(title: string, root: string): Promise<T> {
    const example = examplesFor('analyst').find((e) => e.title === title)!;
    const variables = { ...(JSON.parse(example.variables ?? '{}') as Record<string, unknown>), period: PERIOD };
    await pickAndRun(title, variables, root);
    const direct = await stack.query<T>(example.query, variables, ANALYST);
    expect(direct.errors).toBeUndefined();
    return direct.data!;
  }

  /** The text of one of GraphiQL's CodeMirror editors, as the page holds it. */
  function editorValue(selector: string): Promise<string> {
    return page
      .locator(`${selector} .CodeMirror`)
      .evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  }

  /** The value cells of a table's body as shown, row by row: a suppressed cell as "suppressed". */
  function shownCells(table: Locator): Promise<string[][]> {
    type Td = { classList: { contains(name: string): boolean }; textContent: string | null };
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) =>
        Array.from((row as unknown as { querySelectorAll(selector: string): ArrayLike<Td> }).querySelectorAll('td')).map((td) =>
          td.classList.contains('suppressed') ? 'suppressed' : (td.textContent ?? ''),
        ),
      ),
    );
  }

  /** Back to the JSON, when the answer on screen has statistics (the tabs show only then). */
  async function showJson(): Promise<void> {
    const tab = page.locator('[role="tab"]:has-text("JSON")');
    if ((await tab.count()) > 0) await tab.click();
  }

  async function showTables(): Promise<Locator> {
    await page.click('[role="tab"]:has-text("Tables and charts")');
    const panel = page.locator('.passerelle-stats-panel');
    await panel.waitFor();
    // The JSON gives way to the tables; its tab is still there.
    expect(await page.locator('.graphiql-response .result-window').isVisible()).toBe(false);
    expect(await page.locator('[role="tab"]:has-text("JSON")').getAttribute('aria-selected')).toBe('false');
    // The panel takes the pane's height and scrolls; the page does not grow.
    const heights = await panel.evaluate((element) => {
      type Box = { clientHeight: number; scrollHeight: number; ownerDocument: { documentElement: { clientHeight: number; scrollHeight: number } } };
      const box = element as unknown as Box;
      const page = box.ownerDocument.documentElement;
      return { panel: box.clientHeight, page: page.clientHeight, pageContent: page.scrollHeight };
    });
    expect(heights.pageContent).toBe(heights.page);
    expect(heights.panel).toBeLessThan(heights.page);
    return panel;
  }

  /** Scrolls the tables' panel (only it: the page never scrolls) until `section` is at its top. */
  async function scrollTo(section: Locator): Promise<void> {
    await section.evaluate((element) => {
      type Box = { getBoundingClientRect(): { top: number }; scrollTop: number; closest(selector: string): Box | null };
      const box = element as unknown as Box;
      const panel = box.closest('.passerelle-stats-panel')!;
      panel.scrollTop += box.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    });
  }

  async function downloadCsv(section: Locator): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([page.waitForEvent('download'), section.locator('button:has-text("Download CSV")').click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  }

  it('shows concerns per month as a table with its suppressed cells marked, a chart per month and the CSV of the table shown', async () => {
    const direct = await runExample<{ concernStatistics: { bySourceKind: Table } }>('Concerns by source and outcome, per quarter', 'concernStatistics');
    const expected = direct.concernStatistics.bySourceKind;
    const cells = [...expected.rows.flatMap((r) => [...r.cells, r.total]), ...expected.columnTotals, expected.total];
    const suppressed = cells.filter((c) => c.suppressed).length;
    // Some cells published, some suppressed: without both this test would prove nothing.
    expect(suppressed).toBeGreaterThan(0);
    expect(cells.filter((c) => !c.suppressed && c.value !== null && c.value > 0).length).toBeGreaterThan(0);

    const panel = await showTables();
    const section = panel.locator('section[data-path="concernStatistics.bySourceKind"]');
    await section.waitFor();

    // The table: a caption, column headers, a row header per quarter, then the totals.
    const table = section.locator('table');
    expect(await table.locator('caption').textContent()).toBe(`concernStatistics › bySourceKind (rows: MONTH), ${suppressed} cells suppressed`);
    expect(await section.getAttribute('aria-labelledby')).toBe(await section.locator('h3').getAttribute('id'));
    expect(await table.locator('thead th[scope="col"]').allTextContents()).toEqual(['MONTH', ...expected.columns, 'Total']);
    expect(await table.locator('tbody th[scope="row"]').allTextContents()).toEqual([...expected.rows.map((r) => r.label), 'Total']);
    expect(await shownCells(table)).toEqual([
      ...expected.rows.map((r) => [...r.cells, r.total].map((c) => (c.suppressed ? 'suppressed' : String(c.value)))),
      [...expected.columnTotals, expected.total].map((c) => (c.suppressed ? 'suppressed' : String(c.value))),
    ]);
    // Every suppressed cell is marked, and says so in words (its text equivalent), never a number.
    const marked = table.locator('td.suppressed');
    expect(await marked.count()).toBe(suppressed);
    for (const text of await marked.allTextContents()) expect(text).toBe('ssuppressed (secret statistique)');
    expect(await section.locator('.passerelle-stats-legend').textContent()).toContain(`under the threshold (< ${expected.threshold})`);

    // The chart: a bar per month of the row totals; a suppressed total is a marked bar, not a 0.
    const chart = section.locator('svg.passerelle-bar-chart');
    expect(await section.locator('figcaption').textContent()).toContain('per month');
    const bars = await chart.locator('g.bar').evaluateAll((gs) => gs.map((g) => ({ kind: g.getAttribute('data-kind'), value: g.getAttribute('data-value'), title: g.querySelector('title')?.textContent })));
    expect(bars).toEqual(
      expected.rows.map((r) =>
        r.total.suppressed
          ? { kind: 'suppressed', value: null, title: `${r.label}: suppressed (secret statistique), not 0` }
          : { kind: 'value', value: String(r.total.value), title: `${r.label}: ${r.total.value}` },
      ),
    );
    const heights = await chart.locator('g.bar[data-kind="value"] rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    expect(heights.some((h) => h > 0)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-statistics-table.png') });

    // A column's bars: its suppressed quarters are marked bars too.
    const column = expected.columns.findIndex((_, j) => expected.rows.some((r) => r.cells[j]!.suppressed));
    expect(column).toBeGreaterThanOrEqual(0);
    await section.locator('figcaption select').selectOption(expected.columns[column]!);
    const kinds = await chart.locator('g.bar').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-kind')));
    expect(kinds).toEqual(expected.rows.map((r) => (r.cells[column]!.suppressed ? 'suppressed' : 'value')));
    await scrollTo(section.locator('figure'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-statistics-chart.png') });

    // The CSV: exactly the table shown, suppressed cells written as such, with a BOM for spreadsheets.
    const csv = await downloadCsv(section);
    expect(csv.name).toBe('concernStatistics-bySourceKind.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.subarray(3).toString('utf8')).toBe(
      [
        ['MONTH', ...expected.columns, 'Total'].join(','),
        ...expected.rows.map((r) => [r.label, ...r.cells.map(csvCell), csvCell(r.total)].join(',')),
        ['Total', ...expected.columnTotals.map(csvCell), csvCell(expected.total)].join(','),
      ].join('\r\n') + '\r\n',
    );
  });

  it('puts the territories side by side when the same table is asked for each of them', async () => {
    type BySourceKind = { bySourceKind: { columns: string[]; columnTotals: Cell[]; total: Cell } };
    const territories = ['ARR_NANTES', 'ARR_SAINT_NAZAIRE', 'ARR_CHATEAUBRIANT_ANCENIS', 'DEPARTMENT'];
    await showJson();
    const direct = await runExample<Record<string, BySourceKind>>('Concerns by source, per territory side by side', 'ARR_NANTES');
    const panel = await showTables();
    const section = panel.locator('section[data-path="(territories).bySourceKind"]');
    await section.waitFor();
    const columns = direct.ARR_NANTES!.bySourceKind.columns;
    expect(await section.locator('thead th').allTextContents()).toEqual(['TERRITORY', ...columns, 'Total']);
    expect(await section.locator('tbody th[scope="row"]').allTextContents()).toEqual(territories);
    expect(await shownCells(section.locator('table'))).toEqual(territories.map((t) => [...direct[t]!.bySourceKind.columnTotals, direct[t]!.bySourceKind.total].map(csvCell)));
    expect(await section.locator('figcaption').textContent()).toContain('per territory');
    expect(await section.locator('svg.passerelle-bar-chart g.bar').count()).toBe(territories.length);
    await scrollTo(section);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-statistics-territories.png') });

    const csv = await downloadCsv(section);
    expect(csv.name).toBe('territories-bySourceKind.csv');
    expect(csv.bytes.subarray(3).toString('utf8').split('\r\n').slice(0, 2)).toEqual([
      ['TERRITORY', ...columns, 'Total'].join(','),
      ['ARR_NANTES', ...direct.ARR_NANTES!.bySourceKind.columnTotals.map(csvCell), csvCell(direct.ARR_NANTES!.bySourceKind.total)].join(','),
    ]);
  });

  it('shows every part of the activity report, every suppressed cell of the answer marked once', async () => {
    await showJson();
    const title = 'Annual activity report (rapport d’activité)';
    // The example as it is: a year of the seeded world, where small cells abound.
    const example = examplesFor('analyst').find((e) => e.title === title)!;
    const variables = JSON.parse(example.variables!) as Record<string, unknown>;
    await pickAndRun(title, variables, 'activityReport');
    const direct = await stack.query<{ activityReport: unknown }>(example.query, variables, ANALYST);
    expect(direct.errors).toBeUndefined();
    const answer = JSON.stringify(direct.data);
    const suppressed = answer.match(/"suppressed":true/g)?.length ?? 0;
    const cells = answer.match(/"suppressed":(true|false)/g)?.length ?? 0;
    expect(suppressed).toBeGreaterThan(0);

    const panel = await showTables();
    const paths = await panel.locator('section').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-path')));
    expect(paths).toEqual(
      expect.arrayContaining([
        'activityReport.concerns.bySourceKind',
        'activityReport.evaluations',
        'activityReport.evaluations.delays',
        'activityReport.measures.endedByReason',
        'activityReport.childPlans',
      ]),
    );
    // Each cell of the answer is in one table, once: a suppressed one is marked, the others are not.
    expect(await panel.locator('td.suppressed').count()).toBe(suppressed);
    expect(await panel.locator('tbody td').count()).toBe(cells);
    // The report's threshold explains the figures that do not carry their own.
    expect(await panel.locator('section[data-path="activityReport.evaluations.delays"] .passerelle-stats-legend, section[data-path="activityReport.evaluations"] .passerelle-stats-legend').allTextContents()).not.toContainEqual(
      expect.stringContaining('under the threshold,'),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-statistics-activity-report.png') });
  });

  it('hides the tabs for an answer without statistics, and runs with nothing refused in the console', async () => {
    // The tabs follow the arrow keys.
    await page.click('[role="tab"]:has-text("Tables and charts")');
    await page.focus('[role="tab"][aria-selected="true"]');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('[role="tab"]:has-text("JSON")').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('JSON');
    expect(await page.locator('.graphiql-response .result-window').isVisible()).toBe(true);
    await pickAndRun('Institutions of kind DEPARTMENT', { kind: 'DEPARTMENT' }, 'partners');
    await page.locator('.passerelle-stats').waitFor({ state: 'detached' });
    expect(await page.locator('.graphiql-response .result-window').isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
