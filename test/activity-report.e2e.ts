import type { DataSource } from 'typeorm';
import { Attacker, assertProtected, DEPARTMENT_REFERENT_FIRST, REPO_ROOT, type Audience, type Principal } from '@passerelle/common';
import { seeded, SEEDED_KIND, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { commandEnv } from './support/clone';

/**
 * The manager's annual activity report (issue 13) through the gateway, on the seeded world: every
 * figure of the département's (exact) report against the same figure computed here, independently,
 * by SQL on the subgraphs' tables; the observatory's report suppressed as the quarterly statistics
 * are (the same cells); every other audience refused; the statement count constant.
 */

const YEAR = 2025;
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
interface Figure {
  section: string;
  table: string;
  row: string;
  column: string;
  value: number | null;
  suppressed: boolean;
}
interface Report {
  year: number;
  exact: boolean;
  threshold: number;
  concerns: { bySourceKind: Table; byOutcome: Table };
  evaluations: { counts: Table; delays: { label: string; medianDays: Cell; p90Days: Cell; overdueShare: Cell }[]; concludedOnTimeShare: Cell };
  measures: { inForceAtStart: Table; inForceAtEnd: Table; started: Table; ended: Table; endedByReason: Table };
  childPlans: { byMeasureKind: Table; onTimeShare: Cell };
  situationReports: { byMeasureKind: Table; onTimeShare: Cell };
  placements: { started: Table; inProgressAtStart: Table; inProgressAtEnd: Table; durations: { label: string; medianDays: Cell; p90Days: Cell }[] };
  returnHomes: { outcomes: Table; timeToLifting: { label: string; medianDays: Cell; p90Days: Cell }[] };
  caseFigures: Figure[];
  placementFigures: Figure[];
}

const TABLE = `{ columns rows { label cells { value suppressed } total { value suppressed } } columnTotals { value suppressed } total { value suppressed } threshold }`;
const NUMBER = `{ value suppressed }`;
const DURATIONS = `{ label medianDays ${NUMBER} p90Days ${NUMBER} }`;
const FIGURES = `{ section table row column value suppressed }`;

/** The whole report, as ONE query (cases' part and placements' part composed by the gateway). */
const REPORT = `query Activity($year: Int!) {
  activityReport(year: $year) {
    year exact threshold
    concerns { bySourceKind ${TABLE} byOutcome ${TABLE} }
    evaluations { counts ${TABLE} delays { label medianDays ${NUMBER} p90Days ${NUMBER} overdueShare ${NUMBER} } concludedOnTimeShare ${NUMBER} }
    measures { inForceAtStart ${TABLE} inForceAtEnd ${TABLE} started ${TABLE} ended ${TABLE} endedByReason ${TABLE} }
    childPlans { byMeasureKind ${TABLE} onTimeShare ${NUMBER} }
    situationReports { byMeasureKind ${TABLE} onTimeShare ${NUMBER} }
    placements { started ${TABLE} inProgressAtStart ${TABLE} inProgressAtEnd ${TABLE} durations ${DURATIONS} }
    returnHomes { outcomes ${TABLE} timeToLifting ${DURATIONS} }
    caseFigures ${FIGURES}
    placementFigures ${FIGURES}
  }
}`;

/** A table's figures by "row|column" (margins under TOTAL), suppressed ones as null. */
function figures(t: Table): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  t.rows.forEach((r) => {
    r.cells.forEach((c, j) => (out[`${r.label}|${t.columns[j]}`] = c.value));
    out[`${r.label}|TOTAL`] = r.total.value;
  });
  t.columnTotals.forEach((c, j) => (out[`TOTAL|${t.columns[j]}`] = c.value));
  out['TOTAL|TOTAL'] = t.total.value;
  return out;
}

/** Counts from SQL rows (`row`, `column`, `n`) in the same form, every cell of `t`'s shape (zeros included), with margins. */
function expected(t: Table, rows: { row: string; column: string; n: string | number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of t.rows) {
    for (const c of t.columns) out[`${r.label}|${c}`] = 0;
    out[`${r.label}|TOTAL`] = 0;
  }
  for (const c of t.columns) out[`TOTAL|${c}`] = 0;
  out['TOTAL|TOTAL'] = 0;
  for (const r of rows) {
    const n = Number(r.n);
    const cell = `${r.row}|${r.column}`;
    if (!(cell in out)) throw new Error(`unexpected cell ${cell} (not in the report's table)`);
    out[cell]! += n;
    out[`${r.row}|TOTAL`]! += n;
    out[`TOTAL|${r.column}`]! += n;
    out['TOTAL|TOTAL']! += n;
  }
  return out;
}

const QUARTER = (day: string) => `to_char(${day}, 'YYYY-"Q"Q')`;
const PARIS = (instant: string) => `(${instant} AT TIME ZONE 'Europe/Paris')::date`;
const IN_FORCE = `m.status IN ('ACTIVE', 'RENEWED', 'ENDED', 'LIFTED')`;
const TODAY = `(now() AT TIME ZONE 'Europe/Paris')::date`;
const round = (x: number | string | null, digits = 1) => (x === null ? null : Math.round(Number(x) * 10 ** digits) / 10 ** digits);

describe('the annual activity report', () => {
  let stack: TestStack;
  let cases: DataSource;
  let placements: DataSource;
  let exact: Report;
  let suppressed: Report;

  beforeAll(async () => {
    stack = await startTestStack({ children: 1000 });
    cases = stack.subgraphs.cases!.db.dataSource;
    placements = stack.subgraphs.placements!.db.dataSource;
    const department = await stack.query<{ activityReport: Report }>(REPORT, { year: YEAR });
    expect(department.errors).toBeUndefined();
    exact = department.data!.activityReport;
    const analyst = await stack.query<{ activityReport: Report }>(REPORT, { year: YEAR }, ANALYST);
    expect(analyst.errors).toBeUndefined();
    suppressed = analyst.data!.activityReport;
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  const sql = async (ds: DataSource, query: string, params: unknown[] = [YEAR]) => (await ds.query(query, params)) as { row: string; column: string; n: string }[];
  const yearOf = (day: string) => `extract(year FROM ${day}) = $1`;

  it('the département reads exact figures: concerns by sender kind and by outcome, per quarter of receipt', async () => {
    expect(exact).toMatchObject({ year: YEAR, exact: true, threshold: 0 });
    const received = PARIS('c.received_at');
    for (const [table, column] of [
      [exact.concerns.bySourceKind, 'c.source_kind'],
      [exact.concerns.byOutcome, 'c.status'],
    ] as const) {
      const rows = await sql(cases, `SELECT ${QUARTER(received)} AS row, ${column}::text AS column, count(*) AS n FROM cases.concern c WHERE ${yearOf(received)} GROUP BY 1, 2`);
      expect(figures(table)).toEqual(expected(table, rows));
      expect(table.total.value).toBeGreaterThan(0);
    }
  });

  it('evaluations: on time or late by their due date, median and 90th percentile of days from receipt to conclusion, share concluded on time', async () => {
    const received = PARIS('c.received_at');
    const state = `CASE WHEN e.status = 'CONCLUDED' AND ${PARIS('e.concluded_at')} <= e.due_on THEN 'CONCLUDED_ON_TIME'
                        WHEN e.status = 'CONCLUDED' THEN 'CONCLUDED_LATE'
                        WHEN e.due_on < ${TODAY} THEN 'IN_PROGRESS_OVERDUE' ELSE 'IN_PROGRESS' END`;
    const from = `cases.evaluation e JOIN cases.concern c ON c.id = e.concern_id WHERE ${yearOf(received)}`;
    const rows = await sql(cases, `SELECT ${QUARTER(received)} AS row, ${state} AS column, count(*) AS n FROM ${from} GROUP BY 1, 2`);
    expect(figures(exact.evaluations.counts)).toEqual(expected(exact.evaluations.counts, rows));
    const [delays] = (await cases.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90 FROM (
         SELECT ${PARIS('e.concluded_at')} - ${received} AS d FROM ${from} AND e.status = 'CONCLUDED') x`,
      [YEAR],
    )) as { median: number; p90: number }[];
    const total = exact.evaluations.delays.find((d) => d.label === 'TOTAL')!;
    expect(total.medianDays.value).toBe(round(delays!.median));
    expect(total.p90Days.value).toBe(round(delays!.p90));
    const onTime = rows.filter((r) => r.column === 'CONCLUDED_ON_TIME').reduce((s, r) => s + Number(r.n), 0);
    const late = rows.filter((r) => r.column === 'CONCLUDED_LATE').reduce((s, r) => s + Number(r.n), 0);
    expect(onTime + late).toBeGreaterThan(0);
    expect(exact.evaluations.concludedOnTimeShare).toEqual({ value: round(onTime / (onTime + late), 3), suppressed: false });
  });

  it('measures by kind: in force on 1 January and 31 December (kind × sex), started, ended, ended by reason; stock at the end = at the start + started − ended', async () => {
    const stock = (day: string) =>
      sql(
        cases,
        `SELECT m.kind::text AS row, ch.sex::text AS column, count(*) AS n FROM cases.measure m JOIN cases.child ch ON ch.id = m.child_id
          WHERE ${IN_FORCE} AND m.start_date <= $1::date AND (COALESCE(m.ended_on, m.lifted_at) IS NULL OR COALESCE(m.ended_on, m.lifted_at) > $1::date) GROUP BY 1, 2`,
        [day],
      );
    expect(figures(exact.measures.inForceAtStart)).toEqual(expected(exact.measures.inForceAtStart, await stock(`${YEAR - 1}-12-31`)));
    expect(figures(exact.measures.inForceAtEnd)).toEqual(expected(exact.measures.inForceAtEnd, await stock(`${YEAR}-12-31`)));
    const started = await sql(cases, `SELECT ${QUARTER('m.start_date')} AS row, m.kind::text AS column, count(*) AS n FROM cases.measure m WHERE ${IN_FORCE} AND ${yearOf('m.start_date')} GROUP BY 1, 2`);
    expect(figures(exact.measures.started)).toEqual(expected(exact.measures.started, started));
    const closed = 'COALESCE(m.ended_on, m.lifted_at)';
    const ended = await sql(cases, `SELECT ${QUARTER(closed)} AS row, m.kind::text AS column, count(*) AS n FROM cases.measure m WHERE ${IN_FORCE} AND ${yearOf(closed)} GROUP BY 1, 2`);
    expect(figures(exact.measures.ended)).toEqual(expected(exact.measures.ended, ended));
    const byReason = await sql(
      cases,
      `SELECT m.kind::text AS row, CASE WHEN m.status = 'LIFTED' THEN 'LIFTED' ELSE 'ENDED' END AS column, count(*) AS n FROM cases.measure m WHERE ${IN_FORCE} AND ${yearOf(closed)} GROUP BY 1, 2`,
    );
    expect(figures(exact.measures.endedByReason)).toEqual(expected(exact.measures.endedByReason, byReason));
    expect(exact.measures.endedByReason.total.value).toBeGreaterThan(0);
    // The flows link the stocks, kind by kind.
    const m = exact.measures;
    m.inForceAtEnd.rows.forEach((row, i) => {
      const kind = row.label;
      const j = m.started.columns.indexOf(kind);
      expect(row.total.value).toBe(m.inForceAtStart.rows[i]!.total.value! + m.started.columnTotals[j]!.value! - m.ended.columnTotals[j]!.value!);
    });
  });

  it('PPE timeliness: the measures started in the year needing a PPE, drawn up within 3 months of their start (computed here by SQL date arithmetic)', async () => {
    const rows = await sql(
      cases,
      `SELECT m.kind::text AS row,
              CASE WHEN p.first IS NOT NULL AND p.first <= (m.start_date + interval '3 months')::date THEN 'ON_TIME'
                   WHEN p.first IS NOT NULL THEN 'LATE'
                   WHEN COALESCE(m.ended_on, m.lifted_at) <= (m.start_date + interval '3 months')::date THEN 'CLOSED_BEFORE_DUE'
                   WHEN (m.start_date + interval '3 months')::date < ${TODAY} THEN 'MISSING'
                   ELSE 'NOT_YET_DUE' END AS column,
              count(*) AS n
         FROM cases.measure m
         LEFT JOIN LATERAL (SELECT min(drawn_up_on) AS first FROM cases.child_plan p WHERE p.measure_id = m.id) p ON true
        WHERE ${IN_FORCE} AND ${yearOf('m.start_date')} AND m.kind <> 'YOUNG_ADULT'
        GROUP BY 1, 2`,
    );
    const table = exact.childPlans.byMeasureKind;
    expect(table.columns).toEqual(['ON_TIME', 'LATE', 'MISSING', 'NOT_YET_DUE', 'CLOSED_BEFORE_DUE']);
    expect(table.rows.map((r) => r.label)).not.toContain('YOUNG_ADULT');
    expect(figures(table)).toEqual(expected(table, rows));
    const f = figures(table);
    const due = f['TOTAL|ON_TIME']! + f['TOTAL|LATE']! + f['TOTAL|MISSING']!;
    expect(due).toBeGreaterThan(0);
    expect(exact.childPlans.onTimeShare).toEqual({ value: round(f['TOTAL|ON_TIME']! / due, 3), suppressed: false });
  });

  it('situation report timeliness: the reports due in the year, sent by their due date or not', async () => {
    const rows = await sql(
      cases,
      `SELECT m.kind::text AS row,
              CASE WHEN r.sent_on IS NOT NULL AND r.sent_on <= r.due_on THEN 'SENT_ON_TIME' WHEN r.sent_on IS NOT NULL THEN 'SENT_LATE'
                   WHEN r.due_on < ${TODAY} THEN 'OVERDUE' ELSE 'NOT_YET_DUE' END AS column,
              count(*) AS n
         FROM cases.situation_report r JOIN cases.measure m ON m.id = r.measure_id WHERE ${yearOf('r.due_on')} GROUP BY 1, 2`,
    );
    const table = exact.situationReports.byMeasureKind;
    expect(figures(table)).toEqual(expected(table, rows));
    expect(table.total.value).toBeGreaterThan(0);
  });

  it('placements by facility kind (started, in progress at the start and the end of the year, durations) and return homes (the placements subgraph’s part of the same query)', async () => {
    const started = await sql(
      placements,
      `SELECT ${QUARTER('p.start_date')} AS row, f.kind::text AS column, count(*) AS n FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id WHERE ${yearOf('p.start_date')} GROUP BY 1, 2`,
    );
    expect(figures(exact.placements.started)).toEqual(expected(exact.placements.started, started));
    expect(exact.placements.started.total.value).toBeGreaterThan(0);
    const open = (day: string) =>
      sql(
        placements,
        `SELECT f.kind::text AS row, p.age_band::text AS column, count(*) AS n FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
          WHERE p.start_date <= $1::date AND (p.end_date IS NULL OR p.end_date >= $1::date) GROUP BY 1, 2`,
        [day],
      );
    expect(figures(exact.placements.inProgressAtStart)).toEqual(expected(exact.placements.inProgressAtStart, await open(`${YEAR - 1}-12-31`)));
    expect(figures(exact.placements.inProgressAtEnd)).toEqual(expected(exact.placements.inProgressAtEnd, await open(`${YEAR}-12-31`)));
    const [durations] = (await placements.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY end_date - start_date) AS median FROM placements.placement WHERE extract(year FROM end_date) = $1`,
      [YEAR],
    )) as { median: number | null }[];
    expect(exact.placements.durations.find((d) => d.label === 'TOTAL')!.medianDays.value).toBe(round(durations!.median));
    const outcomes = await sql(
      placements,
      `SELECT ${QUARTER('r.closed_on')} AS row, r.phase::text AS column, count(*) AS n FROM placements.return_home_plan r WHERE r.phase IN ('COMPLETED', 'ABANDONED') AND ${yearOf('r.closed_on')} GROUP BY 1, 2`,
    );
    expect(figures(exact.returnHomes.outcomes)).toEqual(expected(exact.returnHomes.outcomes, outcomes));
  });

  it('the flat form holds every figure of the tables, once, in both parts', () => {
    const key = (f: Figure) => `${f.section}|${f.table}|${f.row}|${f.column}`;
    const all = [...exact.caseFigures, ...exact.placementFigures];
    expect(new Set(all.map(key)).size).toBe(all.length);
    const byKey = new Map(all.map((f) => [key(f), f]));
    for (const [section, table, t] of [
      ['CONCERNS', 'BY_SOURCE_KIND', exact.concerns.bySourceKind],
      ['MEASURES', 'ENDED_BY_REASON', exact.measures.endedByReason],
      ['CHILD_PLANS', 'BY_MEASURE_KIND', exact.childPlans.byMeasureKind],
      ['PLACEMENTS', 'IN_PROGRESS_AT_END', exact.placements.inProgressAtEnd],
      ['RETURN_HOMES', 'OUTCOMES', exact.returnHomes.outcomes],
    ] as const) {
      for (const [cell, value] of Object.entries(figures(t))) expect(byKey.get(`${section}|${table}|${cell}`)?.value).toBe(value);
    }
    expect(all.every((f) => !f.suppressed)).toBe(true);
  });

  it('the observatory reads the same report with small cells suppressed: every published count is the exact one, none from 1 to 4, some suppressed', () => {
    expect(suppressed).toMatchObject({ year: YEAR, exact: false, threshold: 5 });
    const pairs = [...suppressed.caseFigures, ...suppressed.placementFigures].map((f, k) => [f, [...exact.caseFigures, ...exact.placementFigures][k]!] as const);
    expect(pairs.length).toBe(exact.caseFigures.length + exact.placementFigures.length);
    let hidden = 0;
    for (const [s, e] of pairs) {
      expect([s.section, s.table, s.row, s.column]).toEqual([e.section, e.table, e.row, e.column]);
      expect(s.suppressed).toBe(s.value === null && s.suppressed);
      if (s.suppressed) {
        hidden++;
        continue;
      }
      expect(s.value).toBe(e.value);
      // Counts (not medians nor shares) under the threshold are never published.
      if (!/DELAYS|DURATIONS|TIME_TO_LIFTING|SHARE/.test(s.table) && s.value !== null) expect(s.value === 0 || s.value >= 5).toBe(true);
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('the observatory’s cells are those the quarterly statistics publish for the same quarters (nothing to subtract between them)', async () => {
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, granularity: 'QUARTER' };
    const result = await stack.query<{
      concernStatistics: { bySourceKind: Table; byOutcome: Table };
      measureFlowStatistics: { entries: Table; exits: Table };
      activeMeasureStatistics: Table;
      placementStatistics: { entries: Table; inProgressAtEnd: Table };
      returnHomeStatistics: { outcomes: Table };
    }>(
      `query($p: CasesStatisticsPeriod!, $q: PlacementsStatisticsPeriod!, $at: LocalDate!) {
        concernStatistics(period: $p) { bySourceKind ${TABLE} byOutcome ${TABLE} }
        measureFlowStatistics(period: $p) { entries ${TABLE} exits ${TABLE} }
        activeMeasureStatistics(at: $at) ${TABLE}
        placementStatistics(period: $q) { entries ${TABLE} inProgressAtEnd ${TABLE} }
        returnHomeStatistics(period: $q) { outcomes ${TABLE} } }`,
      { p: period, q: period, at: `${YEAR}-12-31` },
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const s = result.data!;
    expect(suppressed.concerns.bySourceKind).toEqual(s.concernStatistics.bySourceKind);
    expect(suppressed.concerns.byOutcome).toEqual(s.concernStatistics.byOutcome);
    expect(suppressed.measures.started).toEqual(s.measureFlowStatistics.entries);
    expect(suppressed.measures.ended).toEqual(s.measureFlowStatistics.exits);
    expect(suppressed.measures.inForceAtEnd).toEqual(s.activeMeasureStatistics);
    expect(suppressed.placements.started).toEqual(s.placementStatistics.entries);
    expect(suppressed.placements.inProgressAtEnd).toEqual(s.placementStatistics.inProgressAtEnd);
    expect(suppressed.returnHomes.outcomes).toEqual(s.returnHomeStatistics.outcomes);
    // The tables only the report publishes keep the linked statistics' pattern on the totals they share.
    const ended = suppressed.measures.ended;
    suppressed.measures.endedByReason.rows.forEach((row) => expect(row.total).toEqual(ended.columnTotals[ended.columns.indexOf(row.label)]));
    const started = suppressed.measures.started;
    suppressed.childPlans.byMeasureKind.rows.forEach((row) => expect(row.total).toEqual(started.columnTotals[started.columns.indexOf(row.label)]));
  });

  it('a département caseworker (their team’s slice, not the whole département) reads it as the observatory does, small cells suppressed', async () => {
    const caseworker = seeded('department', 'DEPARTMENT', 0, DEPARTMENT_REFERENT_FIRST);
    const result = await stack.query<{ activityReport: Report }>(REPORT, { year: YEAR }, caseworker);
    expect(result.errors).toBeUndefined();
    expect(result.data!.activityReport).toEqual(suppressed);
  });

  it('an attacker combining the report’s own tables with the flows they add up to bounds no suppressed cell closer than the threshold (linear programming)', () => {
    const attacker = new Attacker();
    const m = suppressed.measures;
    attacker.table('ended', m.ended);
    attacker.table('reason', m.endedByReason, { row: (kind) => `ended|TOTAL|${kind}`, total: 'ended|TOTAL|TOTAL' });
    attacker.table('started', m.started);
    attacker.table('plans', suppressed.childPlans.byMeasureKind, { row: (kind) => `started|TOTAL|${kind}` });
    attacker.table('reports', suppressed.situationReports.byMeasureKind);
    expect(assertProtected(attacker, 5)).toBeGreaterThan(0);
  });

  /** Runs a built command without blocking the event loop (the platform answers in this process). */
  const run = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('npm run report:activity writes the same figures as CSV, withheld cells marked (suppressed 1, no value)', async () => {
    for (const [audience, report] of [
      ['analyst', suppressed],
      ['department', exact],
    ] as const) {
      const result = await run('tools/dist/report-activity.js', ['--year', String(YEAR), '--format', 'csv', '--audience', audience], commandEnv({ DATABASE_URL: stack.databaseUrl }));
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(/^report:activity: 2025, /) });
      const [header, ...lines] = result.stdout.trimEnd().split('\n');
      expect(header).toBe('year,section,table,row,column,value,suppressed');
      expect(lines).toEqual([...report.caseFigures, ...report.placementFigures].map((f) => [YEAR, f.section, f.table, f.row, f.column, f.value ?? '', f.suppressed ? 1 : 0].join(',')));
      expect(lines.some((l) => l.endsWith(',,1'))).toBe(audience === 'analyst');
    }
  });

  it('other audiences are refused: not in their contract (no suggestion), and FORBIDDEN at each subgraph with a validly signed principal, before any SQL', async () => {
    const others = (['crip', 'school', 'pmi', 'judge', 'prosecutor', 'association', 'snated', 'concern_sender'] as Audience[]).map((a) => seeded(a, SEEDED_KIND[a], 0));
    for (const as of others) {
      const result = await stack.query(`{ activityReport(year: ${YEAR}) { year exact } }`, {}, as);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(JSON.stringify(result.errors)).not.toMatch(/ActivityReport|suppress|threshold/);
    }
    // Straight to each subgraph, signed as the gateway would sign it: each refuses for itself.
    const crip: Principal = { sub: 'crip-member', partnerId: '00000000-0000-4000-8000-000000000001', audience: 'crip', scopes: [] };
    stack.resetStatements();
    const direct = await stack.querySubgraph('cases', `{ activityReport(year: ${YEAR}) { year concerns { bySourceKind { total { value } } } } }`, {}, crip);
    expect(direct.data?.activityReport ?? null).toBeNull();
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const entities = await stack.querySubgraph(
      'placements',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ActivityReport { placements { started { total { value } } } } } }`,
      { r: [{ __typename: 'ActivityReport', year: YEAR }] },
      crip,
    );
    expect(entities.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify([direct, entities])).not.toMatch(/"value":\s*\d/);
    expect(stack.statements().placements ?? 0).toBe(0);
  });

  it('a year out of range is BAD_USER_INPUT naming it, before any SQL', async () => {
    for (const year of [1800, 2999]) {
      stack.resetStatements();
      const result = await stack.query(`query($y: Int!) { activityReport(year: $y) { year } }`, { y: year });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'year' });
      expect(result.data?.activityReport ?? null).toBeNull();
      expect(stack.statements()).toEqual({ cases: 0, placements: 0, partners: 0 });
    }
  });

  it('the statement count does not grow with the rows counted: an empty year and a full one take the same statements', async () => {
    const counts = async (year: number) => {
      await stack.query(REPORT, { year }); // the principal check is cached after this
      stack.resetStatements();
      const result = await stack.query(REPORT, { year });
      expect(result.errors).toBeUndefined();
      return stack.statements();
    };
    const empty = await counts(1995);
    const full = await counts(YEAR);
    expect(full).toEqual(empty);
    expect(full.cases).toBeLessThanOrEqual(12);
    expect(full.placements).toBeLessThanOrEqual(8);
  });
});
