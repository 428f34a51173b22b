import { randomUUID } from 'node:crypto';
import { ARRONDISSEMENTS, Attacker, assertProtected } from '@passerelle/common';
import { EXAMPLES } from '../gateway/explorer/examples';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Statistics for the analyst audience, through the gateway, against values computed by hand on a
 * small fixture inserted here in 2004 (the seeded world starts well after: the fixture is alone in
 * its period). Threshold: the default 5.
 */

const ANALYST = seeded('analyst', 'OBSERVATORY', 0);
const Q1_2004 = { from: '2004-01-01', to: '2004-03-31' };

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

const TABLE = `{ columns rows { label cells { value suppressed } total { value suppressed } } columnTotals { value suppressed } total { value suppressed } threshold }`;
const NUMBER = `{ value suppressed }`;

/** A table as plain values (null when suppressed), keyed by row label then column label; zeros left out. */
function values(t: Table): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  const put = (row: string, column: string, c: Cell) => {
    expect(c.suppressed).toBe(c.value === null);
    if (c.value !== 0) (out[row] ??= {})[column] = c.value;
  };
  t.rows.forEach((r) => {
    r.cells.forEach((c, j) => put(r.label, t.columns[j]!, c));
    put(r.label, 'TOTAL', r.total);
  });
  t.columnTotals.forEach((c, j) => put('TOTAL', t.columns[j]!, c));
  put('TOTAL', 'TOTAL', t.total);
  return out;
}

const n = (value: number | null) => ({ value, suppressed: false });
const SUPPRESSED = { value: null, suppressed: true };

async function insertFixture(stack: TestStack): Promise<void> {
  const cases = stack.subgraphs.cases!.db.dataSource;
  const placements = stack.subgraphs.placements!.db.dataSource;

  // 30 children: 18 girls, 12 boys, born in 1995, living in Nantes, Saint-Nazaire and Châteaubriant in turn.
  const children: { id: string; sex: 'F' | 'M' }[] = [];
  for (let i = 0; i < 30; i++) {
    const child = { id: randomUUID(), sex: (i < 18 ? 'F' : 'M') as 'F' | 'M' };
    children.push(child);
    await cases.query(
      `INSERT INTO cases.child (id, first_names, last_name, birth_date, sex, commune_code) VALUES ($1, 'Fixture', 'Statistique', '1995-06-15', $2, $3)`,
      [child.id, child.sex, ['44109', '44184', '44036'][i % 3]],
    );
  }
  const girls = children.filter((c) => c.sex === 'F');
  const boys = children.filter((c) => c.sex === 'M');

  // Concerns (37): January SCHOOL 6, PMI 2; February SCHOOL 7, PMI 8; March SCHOOL 5, HOSPITAL 9.
  const concern = async (receivedAt: string, sourceKind: string, status = 'RECEIVED') => {
    const id = randomUUID();
    await cases.query(
      `INSERT INTO cases.concern (id, received_at, channel, source_kind, urgency, content, status) VALUES ($1, $2, 'PHONE', $3, 'NORMAL', 'fixture', $4)`,
      [id, receivedAt, sourceKind, status],
    );
    await cases.query(`INSERT INTO cases.concern_child (concern_id, child_id, received_at) VALUES ($1, $2, $3)`, [id, children[0]!.id, receivedAt]);
    return id;
  };
  for (let i = 0; i < 6; i++) await concern('2004-01-05T10:00:00+01:00', 'SCHOOL');
  for (let i = 0; i < 2; i++) await concern('2004-01-31T23:30:00+01:00', 'PMI'); // still January in Paris
  const february: string[] = [];
  for (let i = 0; i < 7; i++) february.push(await concern('2004-02-02T10:00:00+01:00', 'SCHOOL', 'ADMINISTRATIVE_SUPPORT'));
  for (let i = 0; i < 8; i++) february.push(await concern('2004-02-02T10:00:00+01:00', 'PMI', 'ADMINISTRATIVE_SUPPORT'));
  const march: string[] = [];
  for (let i = 0; i < 5; i++) march.push(await concern('2004-03-01T10:00:00+01:00', 'SCHOOL', 'IN_EVALUATION'));
  for (let i = 0; i < 9; i++) march.push(await concern('2004-03-01T10:00:00+01:00', 'HOSPITAL', 'IN_EVALUATION'));

  // Evaluations: February's 15 concluded, 10 after 5 days (on time), 5 after 95 days (due after 90: late);
  // March's 14: 8 concluded on time after 10, 20, …, 80 days, 6 still in progress and overdue.
  const evaluation = async (concernId: string, dueOn: string, concludedAt: string | null) =>
    cases.query(
      `INSERT INTO cases.evaluation (concern_id, first_evaluator, second_evaluator, started_at, due_on, status, outcome, concluded_at)
       VALUES ($1, 'A', 'B', '2004-02-03T09:00:00+01:00', $2, $3, $4, $5)`,
      [concernId, dueOn, concludedAt ? 'CONCLUDED' : 'IN_PROGRESS', concludedAt ? 'CLOSED_NO_ACTION' : null, concludedAt],
    );
  for (let i = 0; i < 10; i++) await evaluation(february[i]!, '2004-05-02', '2004-02-07T15:00:00+01:00');
  for (let i = 10; i < 15; i++) await evaluation(february[i]!, '2004-05-02', '2004-05-07T15:00:00+02:00');
  const daysAfterFirstOfMarch = (days: number) => new Date(Date.UTC(2004, 2, 1 + days, 14)).toISOString();
  for (let i = 0; i < 8; i++) await evaluation(march[i]!, '2004-06-01', daysAfterFirstOfMarch(10 * (i + 1)));
  for (let i = 8; i < 14; i++) await evaluation(march[i]!, '2004-06-01', null);

  // Measures: AEMO from 10 January for 6 girls and 5 boys; AED from 1 February for 8 girls, one
  // ended on 10 March; court placements from 15 February for 5 girls and 5 boys.
  const measure = async (childId: string, kind: string, start: string, endedOn: string | null = null) =>
    cases.query(
      `INSERT INTO cases.measure (child_id, kind, judicial, court_id, status, start_date, ended_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [childId, kind, kind !== 'AED', kind === 'AED' ? null : randomUUID(), endedOn ? 'ENDED' : 'ACTIVE', start, endedOn],
    );
  for (const c of [...girls.slice(0, 6), ...boys.slice(0, 5)]) await measure(c.id, 'AEMO', '2004-01-10');
  for (const [k, c] of girls.slice(6, 14).entries()) await measure(c.id, 'AED', '2004-02-01', k === 0 ? '2004-03-10' : null);
  for (const c of [...girls.slice(13, 18), ...boys.slice(5, 10)]) await measure(c.id, 'COURT_PLACEMENT', '2004-02-15');
  // A measure only proposed is not counted anywhere.
  await cases.query(`INSERT INTO cases.measure (child_id, kind, judicial, status, start_date) VALUES ($1, 'AED', false, 'PROPOSED', '2004-02-01')`, [boys[11]!.id]);

  // Facilities: a children's home and a foster carer in Châteaubriant (44036, arrondissement of
  // Châteaubriant-Ancenis), a children's home in Saint-Nazaire (44184).
  const facility = async (kind: string, commune: string) => {
    const id = randomUUID();
    await placements.query(`INSERT INTO placements.facility (id, name, kind, commune, commune_code) VALUES ($1, 'Fixture', $2, 'Fixture', $3)`, [id, kind, commune]);
    return id;
  };
  const home = await facility('CHILDRENS_HOME', '44036');
  const carer = await facility('FOSTER_CARER', '44036');
  const elsewhere = await facility('CHILDRENS_HOME', '44184');
  const placement = async (facilityId: string, band: string, start: string, end: string | null) => {
    const id = randomUUID();
    await placements.query(
      `INSERT INTO placements.placement (id, child_id, facility_id, age_band, start_date, end_date, end_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, randomUUID(), facilityId, band, start, end, end ? 'RETURN_HOME' : null],
    );
    return id;
  };
  // The home: 6 from 5 January, 5 of them ended after 60, 62, 64, 66, 68 days (5 to 13 March).
  const ended: { id: string; end: string }[] = [];
  for (let k = 0; k < 5; k++) {
    const end = `2004-03-${String(5 + 2 * k).padStart(2, '0')}`;
    ended.push({ id: await placement(home, 'CHILD', '2004-01-05', end), end });
  }
  await placement(home, 'CHILD', '2004-01-05', null);
  const fostered: string[] = [];
  for (let k = 0; k < 7; k++) fostered.push(await placement(carer, 'INFANT', '2004-02-02', null));
  for (let k = 0; k < 3; k++) await placement(elsewhere, 'TEEN', '2004-01-20', null);
  // Elsewhere too, 2 from 20 January ended in April (the only placements ending that month).
  await placement(elsewhere, 'TEEN', '2004-01-20', '2004-04-10');
  await placement(elsewhere, 'TEEN', '2004-01-20', '2004-04-20');

  // Return home: 5 plans from 20 January COMPLETED with the home's ended placements (45, 47, 49,
  // 51, 53 days to the end of the placement); 2 plans on foster placements ABANDONED on 10 February.
  const plan = async (placementId: string, phase: string, closedOn: string) =>
    placements.query(
      `INSERT INTO placements.return_home_plan (child_id, placement_id, referent_workers, start_date, planned_end_date, phase, closed_on)
       VALUES ($1, $2, ARRAY['Fixture'], '2004-01-20', '2004-06-20', $3, $4)`,
      [randomUUID(), placementId, phase, closedOn],
    );
  for (const p of ended) await plan(p.id, 'COMPLETED', p.end);
  for (const id of fostered.slice(0, 2)) await plan(id, 'ABANDONED', '2004-02-10');
}

/**
 * The territory fixture, alone in 2005: concerns received in January and February 2005 from
 * children living in the three arrondissements (none in OTHER):
 *
 *                      Nantes  Saint-Nazaire  Châteaubriant-Ancenis  OTHER | département
 *   January  SCHOOL        20              9                      2      0 |         31
 *   January  PMI           20             20                     20      0 |         60
 *   February SCHOOL        20             20                     20      0 |         60
 *   February PMI           20             20                     20      0 |         60
 *
 * Suppressed territory by territory, only Châteaubriant-Ancenis's January SCHOOL (2) and its own
 * partners go: 31 − 20 − 9 − 0 would give the 2 back from the département's table.
 */
const Q1_2005 = { from: '2005-01-01', to: '2005-03-31' };
async function insertTerritoryFixture(stack: TestStack): Promise<void> {
  const cases = stack.subgraphs.cases!.db.dataSource;
  const cells: [string, string, string, number][] = [
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44109', 20],
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44184', 9],
    ['2005-01-10T10:00:00+01:00', 'SCHOOL', '44036', 2],
    ...(['44109', '44184', '44036'] as const).flatMap((commune) => [
      ['2005-01-12T10:00:00+01:00', 'PMI', commune, 20] as [string, string, string, number],
      ['2005-02-10T10:00:00+01:00', 'SCHOOL', commune, 20] as [string, string, string, number],
      ['2005-02-10T10:00:00+01:00', 'PMI', commune, 20] as [string, string, string, number],
    ]),
  ];
  const childOf = new Map<string, string>();
  for (const commune of ['44109', '44184', '44036']) {
    const id = randomUUID();
    await cases.query(
      `INSERT INTO cases.child (id, first_names, last_name, birth_date, sex, commune_code) VALUES ($1, 'Fixture', 'Territoire', '1996-06-15', 'F', $2)`,
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

/** A table's suppression pattern with its margins: rows, then the column totals; the row total last. */
const pattern = (t: Table): boolean[][] => [
  ...t.rows.map((r) => [...r.cells.map((c) => c.suppressed), r.total.suppressed]),
  [...t.columnTotals.map((c) => c.suppressed), t.total.suppressed],
];

describe('statistics for the analyst audience (hand-computed fixture)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 30 });
    await insertFixture(stack);
    await insertTerritoryFixture(stack);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const ok = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await stack.query<T>(query, variables, ANALYST);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };

  it('concerns by source kind: the small PMI cell of January is suppressed with a rectangle of partners (row AND column)', async () => {
    const data = await ok<{ concernStatistics: { bySourceKind: Table; byChannel: Table; byOutcome: Table } }>(
      `query($p: CasesStatisticsPeriod!) { concernStatistics(period: $p) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} } }`,
      { p: Q1_2004 },
    );
    const t = data.concernStatistics.bySourceKind;
    expect(t.threshold).toBe(5);
    expect(t.columns).toEqual(['SCHOOL', 'PMI', 'HOSPITAL', 'SNATED', 'PROSECUTOR', 'COURT', 'ASSOCIATION', 'POLICE', 'TOWN_HALL', 'PRIVATE_PRACTICE', 'PERSON', 'ANONYMOUS']);
    expect(t.rows.map((r) => r.label)).toEqual(['2004-01', '2004-02', '2004-03']);
    // By hand:          SCHOOL PMI HOSPITAL | total
    //   2004-01            6    2    0      |   8      PMI 2 < 5: primary
    //   2004-02            7    8    0      |  15
    //   2004-03            5    0    9      |  14
    //   total             18   10    9      |  37
    // PMI 2 needs a partner in its row and one in its column: a rectangle. Through March it
    // would hide March's PMI 0 (and pin the 2 to 0..2); through February no zero: January's
    // SCHOOL 6, February's PMI 8 and SCHOOL 7.
    expect(values(t)).toEqual({
      '2004-01': { SCHOOL: null, PMI: null, TOTAL: 8 },
      '2004-02': { SCHOOL: null, PMI: null, TOTAL: 15 },
      // The linked check (every suppressed cell's interval ≥ 5 over the three tables and the
      // territories) adds March's SCHOOL and PMI (a zero) to the rectangle.
      '2004-03': { SCHOOL: null, PMI: null, HOSPITAL: 9, TOTAL: 14 },
      TOTAL: { SCHOOL: 18, PMI: 10, HOSPITAL: 9, TOTAL: 37 },
    });
    expect(values(data.concernStatistics.byChannel)).toEqual({
      '2004-01': { PHONE: 8, TOTAL: 8 },
      '2004-02': { PHONE: 15, TOTAL: 15 },
      '2004-03': { PHONE: 14, TOTAL: 14 },
      TOTAL: { PHONE: 37, TOTAL: 37 },
    });
    expect(values(data.concernStatistics.byOutcome)).toEqual({
      '2004-01': { RECEIVED: 8, TOTAL: 8 },
      '2004-02': { ADMINISTRATIVE_SUPPORT: 15, TOTAL: 15 },
      '2004-03': { IN_EVALUATION: 14, TOTAL: 14 },
      TOTAL: { RECEIVED: 8, ADMINISTRATIVE_SUPPORT: 15, IN_EVALUATION: 14, TOTAL: 37 },
    });
  });

  it('the first quarter of 2004 comes out the same inside a year (suppression by quarter, whatever the period)', async () => {
    const query = `query($p: CasesStatisticsPeriod!) { concernStatistics(period: $p) { bySourceKind ${TABLE} } }`;
    const quarter = await ok<{ concernStatistics: { bySourceKind: Table } }>(query, { p: Q1_2004 });
    const year = await ok<{ concernStatistics: { bySourceKind: Table } }>(query, { p: { from: '2004-01-01', to: '2004-12-31' } });
    expect(year.concernStatistics.bySourceKind.rows.slice(0, 3)).toEqual(quarter.concernStatistics.bySourceKind.rows);
    expect(year.concernStatistics.bySourceKind.rows).toHaveLength(12);
  });

  it('per quarter, the same concerns in one row', async () => {
    const data = await ok<{ concernStatistics: { bySourceKind: Table } }>(
      `query($p: CasesStatisticsPeriod!) { concernStatistics(period: $p) { bySourceKind ${TABLE} } }`,
      { p: { ...Q1_2004, granularity: 'QUARTER' } },
    );
    expect(values(data.concernStatistics.bySourceKind)).toEqual({
      '2004-Q1': { SCHOOL: 18, PMI: 10, HOSPITAL: 9, TOTAL: 37 },
      TOTAL: { SCHOOL: 18, PMI: 10, HOSPITAL: 9, TOTAL: 37 },
    });
  });

  it('evaluation delays: counts, median and 90th percentile in days, share overdue', async () => {
    const data = await ok<{ evaluationDelayStatistics: { counts: Table; delays: { label: string; medianDays: Cell; p90Days: Cell; overdueShare: Cell }[] } }>(
      `query($p: CasesStatisticsPeriod!) { evaluationDelayStatistics(period: $p) { counts ${TABLE} delays { label medianDays ${NUMBER} p90Days ${NUMBER} overdueShare ${NUMBER} } } }`,
      { p: Q1_2004 },
    );
    const s = data.evaluationDelayStatistics;
    expect(values(s.counts)).toEqual({
      '2004-02': { CONCLUDED_ON_TIME: 10, CONCLUDED_LATE: 5, TOTAL: 15 },
      '2004-03': { CONCLUDED_ON_TIME: 8, IN_PROGRESS_OVERDUE: 6, TOTAL: 14 },
      TOTAL: { CONCLUDED_ON_TIME: 18, CONCLUDED_LATE: 5, IN_PROGRESS_OVERDUE: 6, TOTAL: 29 },
    });
    // February: ten 5s and five 95s → median 5, p90 95, 5/15 late. March: 10, 20, …, 80 →
    // median 45, p90 at 0.9 × 7 = 6.3 → 70 + 0.3 × 10 = 73; 6/14 overdue. All 23 delays:
    // median the 12th = 20, p90 at 0.9 × 22 = 19.8 → 95; (5 + 6)/29 overdue.
    expect(s.delays).toEqual([
      { label: '2004-01', medianDays: n(null), p90Days: n(null), overdueShare: n(null) },
      { label: '2004-02', medianDays: n(5), p90Days: n(95), overdueShare: n(0.333) },
      { label: '2004-03', medianDays: n(45), p90Days: n(73), overdueShare: n(0.429) },
      { label: 'TOTAL', medianDays: n(20), p90Days: n(95), overdueShare: n(0.379) },
    ]);
  });

  it('measures in force on a day, by kind × sex; a proposed measure is not one', async () => {
    const data = await ok<{ activeMeasureStatistics: Table }>(`{ activeMeasureStatistics(at: "2004-03-31") ${TABLE} }`);
    expect(values(data.activeMeasureStatistics)).toEqual({
      AEMO: { F: 6, M: 5, TOTAL: 11 },
      AED: { F: 7, TOTAL: 7 },
      COURT_PLACEMENT: { F: 5, M: 5, TOTAL: 10 },
      TOTAL: { F: 18, M: 10, TOTAL: 28 },
    });
  });

  it('measure entries and exits per month: linked with the measures in force at the month ends, where the fixture’s territories hold mostly small cells, the quarter is withheld whole', async () => {
    const data = await ok<{ measureFlowStatistics: { entries: Table; exits: Table } }>(
      `query($p: CasesStatisticsPeriod!) { measureFlowStatistics(period: $p) { entries ${TABLE} exits ${TABLE} } }`,
      { p: Q1_2004 },
    );
    // By hand: entries January AEMO 11, February AED 8 and COURT_PLACEMENT 10; one AED exit in
    // March. Split over three arrondissements, the stocks at the four month ends and the flows hold
    // more than 40 small cells, over a quarter of the non-zero ones: the linked set is withheld whole
    // (zeros included, since the quarter-end stocks keep their own pattern), protected by construction.
    for (const t of [data.measureFlowStatistics.entries, data.measureFlowStatistics.exits]) {
      const all = [...t.rows.flatMap((r) => [...r.cells, r.total]), ...t.columnTotals, t.total];
      expect(all.every((c) => c.value === null && c.suppressed)).toBe(true);
    }
  });

  it('placements in the facilities of the arrondissement of Châteaubriant-Ancenis: entries, in progress at the end, durations', async () => {
    const data = await ok<{ placementStatistics: { entries: Table; inProgressAtEnd: Table; durations: { label: string; medianDays: Cell; p90Days: Cell }[] } }>(
      `query($p: PlacementsStatisticsPeriod!, $t: PlacementsStatisticsTerritory) { placementStatistics(period: $p, territory: $t) {
         entries ${TABLE} inProgressAtEnd ${TABLE} durations { label medianDays ${NUMBER} p90Days ${NUMBER} } } }`,
      { p: Q1_2004, t: { code: 'ARR_CHATEAUBRIANT_ANCENIS' } },
    );
    const s = data.placementStatistics;
    expect(values(s.entries)).toEqual({
      '2004-01': { CHILDRENS_HOME: 6, TOTAL: 6 },
      '2004-02': { FOSTER_CARER: 7, TOTAL: 7 },
      TOTAL: { CHILDRENS_HOME: 6, FOSTER_CARER: 7, TOTAL: 13 },
    });
    // On 31 March: the home's one open placement (1: primary, with its row and column totals);
    // the 7 fostered infants are suppressed with it and the grand total 8 published: the 1 lies
    // anywhere in [0, 8].
    expect(values(s.inProgressAtEnd)).toEqual({
      CHILDRENS_HOME: { CHILD: null, TOTAL: null },
      FOSTER_CARER: { INFANT: null, TOTAL: null },
      TOTAL: { INFANT: null, CHILD: null, TOTAL: 8 },
    });
    // Ended: 60, 62, 64, 66, 68 days → median 64, p90 at 0.9 × 4 = 3.6 → 66 + 0.6 × 2 = 67.2.
    expect(s.durations.find((d) => d.label === 'CHILDRENS_HOME')).toEqual({ label: 'CHILDRENS_HOME', medianDays: n(64), p90Days: n(67.2) });
    expect(s.durations.find((d) => d.label === 'FOSTER_CARER')).toEqual({ label: 'FOSTER_CARER', medianDays: n(null), p90Days: n(null) });
    expect(s.durations.find((d) => d.label === 'TOTAL')).toEqual({ label: 'TOTAL', medianDays: n(64), p90Days: n(67.2) });
  });

  it('the whole département counts the other arrondissement’s home too', async () => {
    const data = await ok<{ placementStatistics: { entries: Table } }>(
      `query($p: PlacementsStatisticsPeriod!) { placementStatistics(period: $p) { entries ${TABLE} } }`,
      { p: Q1_2004 },
    );
    expect(values(data.placementStatistics.entries)).toEqual({
      '2004-01': { CHILDRENS_HOME: 11, TOTAL: 11 },
      '2004-02': { FOSTER_CARER: 7, TOTAL: 7 },
      TOTAL: { CHILDRENS_HOME: 11, FOSTER_CARER: 7, TOTAL: 18 },
    });
  });

  it('return-home plans by outcome, and the median time to the lifting of the placement', async () => {
    const data = await ok<{ returnHomeStatistics: { outcomes: Table; timeToLifting: { label: string; medianDays: Cell; p90Days: Cell }[] } }>(
      `query($p: PlacementsStatisticsPeriod!, $t: PlacementsStatisticsTerritory) { returnHomeStatistics(period: $p, territory: $t) {
         outcomes ${TABLE} timeToLifting { label medianDays ${NUMBER} p90Days ${NUMBER} } } }`,
      { p: Q1_2004, t: { code: 'ARR_CHATEAUBRIANT_ANCENIS' } },
    );
    const s = data.returnHomeStatistics;
    // 2 abandoned in February: suppressed with February's total and the column total, and March's
    // 5 completed with theirs; the grand total 7 published leaves the 2 anywhere in [0, 7].
    expect(values(s.outcomes)).toEqual({
      '2004-02': { ABANDONED: null, TOTAL: null },
      '2004-03': { COMPLETED: null, TOTAL: null },
      TOTAL: { COMPLETED: null, ABANDONED: null, TOTAL: 7 },
    });
    // 45, 47, 49, 51, 53 days → median 49, p90 51 + 0.6 × 2 = 52.2.
    expect(s.timeToLifting).toEqual([
      { label: '2004-01', medianDays: n(null), p90Days: n(null) },
      { label: '2004-02', medianDays: n(null), p90Days: n(null) },
      { label: '2004-03', medianDays: n(49), p90Days: n(52.2) },
      { label: 'TOTAL', medianDays: n(49), p90Days: n(52.2) },
    ]);
  });

  it('a median over fewer than 5 is suppressed', async () => {
    const data = await ok<{ placementStatistics: { durations: { label: string; medianDays: Cell }[] } }>(
      `query($p: PlacementsStatisticsPeriod!) { placementStatistics(period: $p) { durations { label medianDays ${NUMBER} } } }`,
      { p: { from: '2004-04-01', to: '2004-06-30' } },
    );
    // Ended in the second quarter: two placements, in April.
    expect(data.placementStatistics.durations.find((d) => d.label === 'CHILDRENS_HOME')!.medianDays).toEqual(SUPPRESSED);
  });

  it('the territories partition the département: every commune in exactly one arrondissement, their figures and OTHER’s add up to the département’s', async () => {
    // Every commune a child lives in, or a facility stands in, is in exactly one arrondissement.
    const cases = stack.subgraphs.cases!.db.dataSource;
    const placements = stack.subgraphs.placements!.db.dataSource;
    const used = [
      ...(await cases.query(`SELECT DISTINCT commune_code AS code FROM cases.child`)),
      ...(await placements.query(`SELECT DISTINCT commune_code AS code FROM placements.facility`)),
    ].map((r: { code: string | null }) => r.code);
    expect(used).not.toContain(null);
    expect(new Set(used).size).toBeGreaterThan(10);
    for (const code of new Set(used)) {
      expect({ code, arrondissements: ARRONDISSEMENTS.filter((a) => a.communes.includes(code!)).length }).toEqual({ code, arrondissements: 1 });
    }

    // Every figure of every table, with the lowest threshold allowed (2: only ones suppressed): the
    // arrondissements' add up to the département's, cell by cell, margins included, wherever the
    // four are published (and that is most of them).
    const query = `query($p: CasesStatisticsPeriod!, $q: PlacementsStatisticsPeriod!, $at: LocalDate!, $ct: CasesStatisticsTerritory, $pt: PlacementsStatisticsTerritory) {
      concernStatistics(period: $p, territory: $ct) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} }
      evaluationDelayStatistics(period: $p, territory: $ct) { counts ${TABLE} }
      activeMeasureStatistics(at: $at, territory: $ct) ${TABLE}
      measureFlowStatistics(period: $p, territory: $ct) { entries ${TABLE} exits ${TABLE} }
      placementStatistics(period: $q, territory: $pt) { entries ${TABLE} inProgressAtEnd ${TABLE} }
      returnHomeStatistics(period: $q, territory: $pt) { outcomes ${TABLE} } }`;
    const figures = (data: unknown): Map<string, number> => {
      const out = new Map<string, number>();
      const walk = (v: unknown, path: string) => {
        if (v && typeof v === 'object' && 'suppressed' in v) {
          const c = v as Cell;
          if (!c.suppressed) out.set(path, c.value!);
        } else if (Array.isArray(v)) v.forEach((x, k) => walk(x, `${path}[${k}]`));
        else if (v && typeof v === 'object') for (const [key, x] of Object.entries(v)) walk(x, `${path}.${key}`);
      };
      walk(data, '');
      return out;
    };
    const previous = process.env.STATISTICS_MIN_CELL;
    process.env.STATISTICS_MIN_CELL = '2';
    try {
      for (const [period, at] of [[Q1_2004, '2004-03-31'], [{ from: '2017-01-01', to: '2026-12-31', granularity: 'QUARTER' }, '2026-06-30']] as const) {
        const of = async (code: string | null) => {
          const t = code ? { code } : null;
          return figures(await ok(query, { p: period, q: period, at, ct: t, pt: t }));
        };
        const department = await of(null);
        const parts = await Promise.all([...ARRONDISSEMENTS.map((a) => a.code), 'OTHER'].map(of));
        const published = [...department.keys()].filter((path) => parts.every((part) => part.has(path)));
        expect(published.length).toBeGreaterThan(0.8 * department.size);
        const sums = published.map((path) => [path, parts.reduce((sum, part) => sum + part.get(path)!, 0)]);
        expect(sums).toEqual(published.map((path) => [path, department.get(path)]));
        // Not vacuous: in the fixture's quarter every table has something, published, and more
        // than one arrondissement has some.
        if (period === Q1_2004) {
          const empty = [...department].filter(([path, value]) => /\.total$/.test(path) && !/rows|columnTotals/.test(path) && value === 0);
          expect(empty).toEqual([]);
          expect(department.get('.activeMeasureStatistics.total')).toBe(28);
          // OTHER has none; the arrondissements' small totals are suppressed, never one alone
          // (the département minus the others would give it back).
          const totals = parts.map((part) => part.get('.activeMeasureStatistics.total'));
          expect(totals[3]).toBe(0);
          expect(totals.filter((t) => t === undefined).length).not.toBe(1);
        }
      }
    } finally {
      if (previous === undefined) delete process.env.STATISTICS_MIN_CELL;
      else process.env.STATISTICS_MIN_CELL = previous;
    }
  }, 300_000);

  it('territories are suppressed jointly: a group’s small cell cannot be recomputed as the département minus the other groups, whichever territory is asked first', async () => {
    const GROUPS = [...ARRONDISSEMENTS.map((a) => a.code), 'OTHER'];
    const query = `query($p: CasesStatisticsPeriod!, $t: CasesStatisticsTerritory) {
      concernStatistics(period: $p, territory: $t) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} } }`;
    type Result = { concernStatistics: Record<'bySourceKind' | 'byChannel' | 'byOutcome', Table> };
    const ask = async (code: string) => (await ok<Result>(query, { p: Q1_2005, t: code === 'DEPARTMENT' ? null : { code } })).concernStatistics;
    const inOrder = async (codes: string[]) => {
      const out: Record<string, Result['concernStatistics']> = {};
      for (const code of codes) out[code] = await ask(code);
      return out;
    };
    const territories = ['DEPARTMENT', ...GROUPS];
    const forward = await inOrder(territories);

    const school = forward.ARR_CHATEAUBRIANT_ANCENIS!.bySourceKind;
    const january = school.rows.find((r) => r.label === '2005-01')!;
    const at = school.columns.indexOf('SCHOOL');
    // (a) Châteaubriant-Ancenis's January SCHOOL (2) is suppressed.
    expect(january.cells[at]).toEqual(SUPPRESSED);
    // (b) The département's 31 is published, OTHER's 0 too, and Nantes's 20 and Saint-Nazaire's 9
    // were published territory by territory (31 − 20 − 9 − 0 = 2). Jointly: Saint-Nazaire's 9 (the
    // smallest non-zero published group cell at that position) becomes the partner; Châteaubriant-
    // Ancenis's own rectangle (its January PMI, February SCHOOL and PMI, 20 each) needs partners at
    // those positions too: Nantes's 20s (ties go to the first group in the fixed order), whose own
    // rows and columns are then closed by a rectangle. The fixpoint: the January-February ×
    // SCHOOL-PMI block of each arrondissement suppressed, every margin published, the
    // département's table untouched. So 31 − (published groups) leaves three unknowns.
    const cellOf = (code: string) => forward[code]!.bySourceKind.rows.find((r) => r.label === '2005-01')!.cells[at]!;
    expect(cellOf('DEPARTMENT')).toEqual(n(31));
    expect(cellOf('OTHER')).toEqual(n(0));
    expect(cellOf('ARR_SAINT_NAZAIRE')).toEqual(SUPPRESSED);
    // The linear-programming attacker on the three tables of the five territories (shared month
    // and quarter totals, département = Σ groups): every suppressed cell keeps an interval ≥ 5.
    const attacker = new Attacker();
    for (const code of territories) {
      for (const name of ['bySourceKind', 'byChannel', 'byOutcome'] as const) {
        attacker.table(`${code}|${name}`, forward[code]![name], { row: (label) => `${code}|concerns|${label}`, total: `${code}|concerns|TOTAL` });
      }
    }
    attacker.territories(attacker.names());
    expect(assertProtected(attacker, 5)).toBeGreaterThan(0);
    // Saint-Nazaire's partner is protected in its own table too: its January row and SCHOOL
    // column each hold at least two suppressed entries.
    const sn = pattern(forward.ARR_SAINT_NAZAIRE!.bySourceKind);
    expect(sn[0]!.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(sn.filter((row) => row[at]).length).toBeGreaterThanOrEqual(2);
    // Every table, every position, margins included: no suppressed entry is alone in its row, its
    // column, or its "département = Σ groups" relation (a single subtraction gives nothing back).
    for (const name of ['bySourceKind', 'byChannel', 'byOutcome'] as const) {
      const patterns = territories.map((code) => pattern(forward[code]![name]));
      for (const p of patterns) {
        for (const row of p) expect(row.filter(Boolean).length).not.toBe(1);
        for (let j = 0; j < p[0]!.length; j++) expect(p.filter((row) => row[j]).length).not.toBe(1);
      }
      patterns[0]!.forEach((row, i) =>
        row.forEach((_, j) => expect({ name, i, j, suppressed: patterns.filter((p) => p[i]![j]).length }).not.toEqual({ name, i, j, suppressed: 1 })),
      );
      // Published figures still add up (the groups partition the département).
      patterns[0]!.forEach((row, i) =>
        row.forEach((_, j) => {
          const value = (code: string) => {
            const t = forward[code]![name];
            const c = i < t.rows.length ? (j < t.columns.length ? t.rows[i]!.cells[j]! : t.rows[i]!.total) : j < t.columns.length ? t.columnTotals[j]! : t.total;
            return c.value;
          };
          const all = territories.map(value);
          if (all.every((v) => v !== null)) expect(all[0]).toBe(all.slice(1).reduce((sum, v) => sum! + v!, 0));
        }),
      );
    }
    // (c) The same patterns and values whichever territory is asked first: in reverse, and all at once.
    expect(await inOrder([...territories].reverse())).toEqual(forward);
    const together = await Promise.all(territories.map(ask));
    expect(Object.fromEntries(territories.map((code, k) => [code, together[k]]))).toEqual(forward);
  });

  it('the statement count does not grow with the rows counted (a quarter of fixture vs ten years of seeded world)', async () => {
    const query = `query($p: CasesStatisticsPeriod!, $q: PlacementsStatisticsPeriod!) {
      concernStatistics(period: $p) { byOutcome { total { value } } }
      evaluationDelayStatistics(period: $p) { delays { label } }
      measureFlowStatistics(period: $p) { entries { total { value } } }
      placementStatistics(period: $q) { durations { label } }
      returnHomeStatistics(period: $q) { outcomes { total { value } } } }`;
    const counts = async (period: { from: string; to: string }) => {
      await stack.query(query, { p: period, q: period }, ANALYST); // the principal check is cached after this
      stack.resetStatements();
      await ok(query, { p: period, q: period });
      return stack.statements();
    };
    const small = await counts(Q1_2004);
    const large = await counts({ from: '2017-01-01', to: '2026-12-31' });
    expect(large).toEqual(small);
    expect(small.cases).toBe(5); // measure flows: the flows and the stocks at the month ends they are linked with
    expect(small.placements).toBe(5);
  });

  it('an analyst reaches no record-level field: children, a child, a concern, a measure, a placement fail validation', async () => {
    for (const query of [
      `{ children(first: 1) { nodes { id } } }`,
      `{ child(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      `{ concerns(first: 1) { nodes { id } } }`,
      `{ measure(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      `{ placement(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      `{ facilities(first: 1) { nodes { id } } }`,
      `{ _entities(representations: [{ __typename: "Child", id: "00000000-0000-4000-8000-000000000000" }]) { __typename } }`,
    ]) {
      const result = await stack.query(query, {}, ANALYST);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('the analyst contract, by introspection: the statistics, no record type, no identifier in any statistics type', async () => {
    const result = await stack.query<{ __schema: { types: { name: string; kind: string; fields: { name: string; type: { name: string | null; ofType: { name: string | null } | null } }[] | null }[]; queryType: { fields: { name: string }[] } } }>(
      `{ __schema { queryType { fields { name } } types { name kind fields { name type { name ofType { name } } } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const types = result.data!.__schema.types.filter((t) => !t.name.startsWith('__'));
    const names = types.map((t) => t.name);
    for (const record of ['Child', 'Concern', 'Measure', 'Evaluation', 'Placement', 'Facility', 'ReturnHomePlan', 'Guardian', 'VisitRight', 'SituationReport', 'Enrollment']) {
      expect(names).not.toContain(record);
    }
    expect(result.data!.__schema.queryType.fields.map((f) => f.name).sort()).toEqual(
      expect.arrayContaining(['activeMeasureStatistics', 'concernStatistics', 'evaluationDelayStatistics', 'measureFlowStatistics', 'placementStatistics', 'returnHomeStatistics']),
    );
    // (The directory of institutions, a platform category, is in every contract: not a child's data.)
    const statistics = types.filter((t) => /Statistic|DurationSummary|EvaluationDelayRow/.test(t.name));
    expect(statistics.length).toBeGreaterThanOrEqual(20);
    const idFields = statistics.flatMap((t) => (t.fields ?? []).filter((f) => f.name === 'id' || f.type.name === 'ID' || f.type.ofType?.name === 'ID').map((f) => `${t.name}.${f.name}`));
    expect(idFields).toEqual([]);
  });

  it('the département reads the statistics too (matrix: R); a school does not (—)', async () => {
    const query = `{ activeMeasureStatistics(at: "2004-03-31") { total { value } } }`;
    expect((await stack.query(query)).data).toEqual({ activeMeasureStatistics: { total: { value: 28 } } });
    const school = await stack.query(query, {}, seeded('school', 'SCHOOL', 0));
    expect(school.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('the explorer’s analyst examples run as an analyst, with no error', async () => {
    for (const example of EXAMPLES.analyst.filter((e) => /Statistics/.test(e.query))) {
      const result = await stack.query(example.query, example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : {}, ANALYST);
      expect({ title: example.title, errors: result.errors }).toEqual({ title: example.title, errors: undefined });
    }
  });

  it('bad arguments: BAD_USER_INPUT naming them', async () => {
    const reversed = await stack.query(`{ concernStatistics(period: { from: "2004-04-01", to: "2004-03-31" }) { byChannel { threshold } } }`, {}, ANALYST);
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'period.to' });
    // Whole quarters only: overlapping periods must not be subtractable into a suppressed cell.
    const shifted = await stack.query(`{ placementStatistics(period: { from: "2004-02-01", to: "2004-03-31" }) { entries { threshold } } }`, {}, ANALYST);
    expect(shifted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'period.from' });
    expect(shifted.errors?.[0]?.message).toMatch(/first day of a quarter/);
    const midMonth = await stack.query(`{ activeMeasureStatistics(at: "2004-03-15") { threshold } }`, {}, ANALYST);
    expect(midMonth.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'at' });
    // A territory is predefined (the département, an arrondissement): a commune list is refused,
    // in both subgraphs, or two lists differing by one commune would give its small cells back.
    const communes = await stack.query(`{ placementStatistics(period: { from: "2004-01-01", to: "2004-03-31" }, territory: { communes: ["44109", "44143"] }) { entries { threshold } } }`, {}, ANALYST);
    expect(communes.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'territory.communes' });
    expect(communes.errors?.[0]?.message).toMatch(/not a list of communes/);
    const cases = await stack.query(`{ concernStatistics(period: { from: "2004-01-01", to: "2004-03-31" }, territory: { code: ARR_NANTES, communes: ["44109"] }) { byChannel { threshold } } }`, {}, ANALYST);
    expect(cases.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'territory.communes' });
    // The statistics root fields are nullable (an agreement may not grant AGGREGATES): the refused one is null, no figure.
    expect(cases.data).toEqual({ concernStatistics: null });
  });
});
