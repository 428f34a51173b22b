import { chartModel, periodDimension, chartSeries, csvFileName, isCell, rootTerritories, statisticsOfResponse, statisticsTables, SUPPRESSED_MARK, suppressedCount, tableCsv } from './statistics';

const n = (value: number) => ({ value, suppressed: false });
const S = { value: null, suppressed: true };

/** concernStatistics.bySourceKind as the gateway answers it: two quarters, small cells suppressed. */
const bySourceKind = {
  rowDimension: 'QUARTER',
  columnDimension: 'SOURCE_KIND',
  columns: ['SCHOOL', 'PMI', 'HOSPITAL'],
  rows: [
    { label: '2026-Q1', cells: [n(12), S, S], total: n(19) },
    { label: '2026-Q2', cells: [n(0), n(7), n(9)], total: n(16) },
  ],
  columnTotals: [n(12), S, S],
  total: n(35),
  threshold: 5,
};

/** The CSV's lines, without the byte order mark. */
const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('statistics in an answer, as tables', () => {
  it('recognises a cell by its shape: a boolean `suppressed` and a numeric or null value, nothing else', () => {
    expect(isCell({ value: 3, suppressed: false })).toBe(true);
    expect(isCell({ value: null, suppressed: true, __typename: 'CasesStatisticsCell' })).toBe(true);
    expect(isCell({ suppressed: true })).toBe(true);
    expect(isCell({ value: 3 })).toBe(false);
    expect(isCell({ value: '3', suppressed: false })).toBe(false);
    expect(isCell({ value: 3, suppressed: false, id: 'x' })).toBe(false);
    expect(isCell([{ value: 3, suppressed: false }])).toBe(false);
  });

  it('makes a two-way table with its margins: a row per period, a Total column and a Total row, suppressed cells marked', () => {
    const [table, ...others] = statisticsTables({ concernStatistics: { bySourceKind } });
    expect(others).toEqual([]);
    expect(table).toMatchObject({
      path: ['concernStatistics', 'bySourceKind'],
      title: 'concernStatistics › bySourceKind',
      rowDimension: 'QUARTER',
      columnDimension: 'SOURCE_KIND',
      threshold: 5,
      labelHeaders: ['QUARTER'],
      valueHeaders: ['SCHOOL', 'PMI', 'HOSPITAL', 'Total'],
      hasTotalColumn: true,
    });
    expect(table!.rows.map((r) => [r.labels, r.cells.map((c) => c.text), r.total])).toEqual([
      [['2026-Q1'], ['12', SUPPRESSED_MARK, SUPPRESSED_MARK, '19'], false],
      [['2026-Q2'], ['0', '7', '9', '16'], false],
      [['Total'], ['12', SUPPRESSED_MARK, SUPPRESSED_MARK, '35'], true],
    ]);
    // A suppressed cell is never a number, a counted 0 stays one.
    expect(table!.rows[0]!.cells[1]).toEqual({ kind: 'suppressed', text: SUPPRESSED_MARK });
    expect(table!.rows[1]!.cells[0]).toEqual({ kind: 'value', value: 0, text: '0' });
    expect(suppressedCount(table!)).toBe(4);
  });

  it('takes whatever part of a table was asked: column totals alone, rows without totals, no column labels', () => {
    const [totalsOnly] = statisticsTables({ r: { bySourceKind: { columns: ['SCHOOL', 'PMI'], columnTotals: [n(4), S] } } });
    expect(totalsOnly!.valueHeaders).toEqual(['SCHOOL', 'PMI']);
    expect(totalsOnly!.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['4', SUPPRESSED_MARK]]);

    const [noLabels] = statisticsTables({ t: { rows: [{ label: 'A', cells: [n(1), S] }] } });
    expect(noLabels!.valueHeaders).toEqual(['#1', '#2']);
    expect(noLabels!.hasTotalColumn).toBe(false);
    expect(noLabels!.rows).toHaveLength(1);
  });

  it('makes a table of labelled rows whose fields are numbers (delays, durations), TOTAL as a margin', () => {
    const [table] = statisticsTables({
      evaluationDelayStatistics: {
        delays: [
          { label: '2026-Q1', medianDays: { value: 41.5, suppressed: false }, p90Days: S, overdueShare: { value: 0.3333333, suppressed: false } },
          { label: 'TOTAL', medianDays: { value: 40, suppressed: false }, p90Days: { value: 88, suppressed: false }, overdueShare: { value: null, suppressed: false } },
        ],
      },
    });
    expect(table!.labelHeaders).toEqual(['label']);
    expect(table!.rowDimension).toBe('QUARTER');
    expect(table!.valueHeaders).toEqual(['medianDays', 'p90Days', 'overdueShare']);
    expect(table!.rows.map((r) => [r.labels[0], r.cells.map((c) => c.text), r.total])).toEqual([
      ['2026-Q1', ['41.5', SUPPRESSED_MARK, '0.333'], false],
      ['TOTAL', ['40', '88', ''], true],
    ]);
    // Nothing to compute on is not suppressed: an empty cell, not the marker.
    expect(table!.rows[1]!.cells[2]!.kind).toBe('empty');
  });

  it('makes tables of flat figures and of loose numbers, and finds tables under aliases and lists', () => {
    const tables = statisticsTables({
      report: {
        exact: false,
        threshold: 5,
        evaluations: { concludedOnTimeShare: { value: 0.75, suppressed: false }, childPlanShare: S },
        caseFigures: [
          { section: 'CONCERNS', table: 'BY_SOURCE_KIND', row: '2025-Q1', column: 'SCHOOL', value: 6, suppressed: false },
          { section: 'CONCERNS', table: 'BY_SOURCE_KIND', row: '2025-Q1', column: 'PMI', value: null, suppressed: true },
        ],
      },
      partners: { nodes: [{ id: '1', name: 'École, "Jules Ferry"' }] },
    });
    expect(tables.map((t) => t.title)).toEqual(['report › evaluations', 'report › caseFigures']);
    // The report's threshold holds for its tables that do not give their own.
    expect(tables.map((t) => t.threshold)).toEqual([5, 5]);
    expect(tables[0]!.rows.map((r) => [r.labels[0], r.cells[0]!.text])).toEqual([
      ['concludedOnTimeShare', '0.75'],
      ['childPlanShare', SUPPRESSED_MARK],
    ]);
    expect(tables[1]!.labelHeaders).toEqual(['section', 'table', 'row', 'column']);
    expect(tables[1]!.rows.map((r) => r.cells[0]!.text)).toEqual(['6', SUPPRESSED_MARK]);
  });

  it('finds nothing in an answer without statistics, an error, or text that is not JSON', () => {
    expect(statisticsTables({ children: { nodes: [{ lastName: 'Martin', age: 7 }] } })).toEqual([]);
    expect(statisticsTables(null)).toEqual([]);
    expect(statisticsOfResponse('{"errors":[{"message":"Forbidden"}],"data":{"concernStatistics":null}}')).toEqual([]);
    expect(statisticsOfResponse('not json')).toEqual([]);
    expect(statisticsOfResponse(JSON.stringify({ data: { concernStatistics: { bySourceKind } } }))).toHaveLength(1);
  });
});

describe('territories side by side', () => {
  const query = `query Compare($period: PlacementsStatisticsPeriod!, $there: PlacementsStatisticsTerritory) {
    nantes: placementStatistics(period: $period, territory: { code: ARR_NANTES }) { entries { columns columnTotals { value suppressed } } }
    saintNazaire: placementStatistics(period: $period, territory: $there) { entries { columns columnTotals { value suppressed } } }
    whole: placementStatistics(period: $period) { entries { columns columnTotals { value suppressed } } }
    partners(first: 1) { nodes { id } }
  }`;

  it('reads the territory each root field asks for, literally or from a variable; none is the département', () => {
    expect(rootTerritories(query, { there: { code: 'ARR_SAINT_NAZAIRE' } })).toEqual({
      nantes: 'ARR_NANTES',
      saintNazaire: 'ARR_SAINT_NAZAIRE',
      whole: 'DEPARTMENT',
    });
    expect(rootTerritories('{ placementStatistics(period: {from: "2026-01-01", to: "2026-03-31"}, territory: {}) { durations { label } } }')).toEqual({
      placementStatistics: 'DEPARTMENT',
    });
    expect(rootTerritories('{ broken')).toEqual({});
    expect(rootTerritories('query A { x } query B { y(territory: { code: OTHER }) }', {}, 'B')).toEqual({ y: 'OTHER' });
    expect(rootTerritories('query A { x } query B { y }')).toEqual({});
  });

  it('adds a table per territory from the same table under each territory’s alias, its suppressed totals kept', () => {
    const entries = (a: number, b: number | null) => ({ entries: { columns: ['CHILDRENS_HOME', 'FOSTER_CARER'], columnTotals: [n(a), b === null ? S : n(b)] } });
    const tables = statisticsTables(
      { nantes: entries(30, 12), saintNazaire: entries(8, null), whole: entries(40, 20) },
      { nantes: 'ARR_NANTES', saintNazaire: 'ARR_SAINT_NAZAIRE', whole: 'DEPARTMENT' },
    );
    expect(tables).toHaveLength(4);
    const compared = tables[3]!;
    expect(compared).toMatchObject({ title: 'entries per territory', rowDimension: 'TERRITORY', valueHeaders: ['CHILDRENS_HOME', 'FOSTER_CARER'] });
    expect(compared.rows.map((r) => [r.labels[0], r.cells.map((c) => c.text)])).toEqual([
      ['ARR_NANTES', ['30', '12']],
      ['ARR_SAINT_NAZAIRE', ['8', SUPPRESSED_MARK]],
      ['DEPARTMENT', ['40', '20']],
    ]);
    expect(chartModel(compared, 'FOSTER_CARER')).toMatchObject({
      caption: 'per territory',
      bars: [
        { label: 'ARR_NANTES', kind: 'value', value: 12 },
        { label: 'ARR_SAINT_NAZAIRE', kind: 'suppressed' },
        { label: 'DEPARTMENT', kind: 'value', value: 20 },
      ],
    });
  });
});

describe('the CSV of a table shown', () => {
  it('writes exactly the table: headers, rows, margins; suppressed cells as the marker, never 0; a BOM, CRLF', () => {
    const [table] = statisticsTables({ concernStatistics: { bySourceKind } });
    const csv = tableCsv(table!);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual([
      'QUARTER,SCHOOL,PMI,HOSPITAL,Total',
      '2026-Q1,12,suppressed,suppressed,19',
      '2026-Q2,0,7,9,16',
      'Total,12,suppressed,suppressed,35',
      '',
    ]);
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces, and keeps accents as they are', () => {
    const [table] = statisticsTables({
      figures: [
        { section: 'Mesures, placements', row: 'Lieu "Les Tilleuls"', column: 'Saint-Nazaire\nsud', value: 3, suppressed: false },
        { section: ' Protection de l’enfance', row: 'Châteaubriant', column: 'Été', value: null, suppressed: true },
      ],
    });
    expect(lines(tableCsv(table!))).toEqual([
      'section,row,column,value',
      '"Mesures, placements","Lieu ""Les Tilleuls""","Saint-Nazaire\nsud",3',
      '" Protection de l’enfance",Châteaubriant,Été,suppressed',
      '',
    ]);
    expect(Buffer.from(tableCsv(table!), 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps a label that a spreadsheet would run as a formula as text; negative numbers stay numbers', () => {
    const [table] = statisticsTables({
      list: [
        { label: '=HYPERLINK("http://x")', delta: { value: -3, suppressed: false } },
        { label: '@SUM(A1)', delta: { value: 2, suppressed: false } },
        { label: '+33', delta: S },
      ],
    });
    expect(lines(tableCsv(table!))).toEqual(['label,delta', `"'=HYPERLINK(""http://x"")",-3`, "'@SUM(A1),2", "'+33,suppressed", '']);
  });

  it('names the file after the table’s place in the answer', () => {
    const [table] = statisticsTables({ concernStatistics: { bySourceKind } });
    expect(csvFileName(table!)).toBe('concernStatistics-bySourceKind.csv');
  });
});

describe('the bar chart of a table', () => {
  it('draws a bar per period of the row totals by default; the margin row is not a bar', () => {
    const [table] = statisticsTables({ concernStatistics: { bySourceKind } });
    expect(chartSeries(table!)).toEqual(['Total', 'SCHOOL', 'PMI', 'HOSPITAL']);
    const chart = chartModel(table!)!;
    expect(chart.caption).toBe('per quarter');
    expect(chart.series).toBe('Total');
    expect(chart.bars).toEqual([
      { label: '2026-Q1', kind: 'value', value: 19, height: 19 / 20 },
      { label: '2026-Q2', kind: 'value', value: 16, height: 16 / 20 },
    ]);
    expect(chart.max).toBe(20);
    expect(chart.ticks).toEqual([0, 5, 10, 15, 20]);
  });

  it('marks a suppressed bar as such: no value, no height, not a 0', () => {
    const [table] = statisticsTables({ concernStatistics: { bySourceKind } });
    const chart = chartModel(table!, 'PMI')!;
    expect(chart.bars[0]).toEqual({ label: '2026-Q1', kind: 'suppressed' });
    expect(chart.bars[1]).toMatchObject({ kind: 'value', value: 7 });
    expect(chart.suppressed).toBe(1);
    // Unknown series: the default.
    expect(chartModel(table!, 'NOPE')!.series).toBe('Total');
  });

  it('draws per month when the rows are months, and a bar per column when there is one row or only totals', () => {
    const monthly = { ...bySourceKind, rowDimension: 'MONTH', rows: bySourceKind.rows.map((r, i) => ({ ...r, label: `2026-0${i + 1}` })) };
    expect(chartModel(statisticsTables({ s: { monthly } })[0]!)!.caption).toBe('per month');
    // Asked without rowDimension: the labels tell months and quarters apart, nothing else is guessed.
    const { rowDimension: _, ...unnamed } = monthly;
    expect(statisticsTables({ s: { unnamed } })[0]).toMatchObject({ rowDimension: 'MONTH', labelHeaders: ['MONTH'] });
    expect(periodDimension(['2026-Q1', '2026-Q4'])).toBe('QUARTER');
    expect(periodDimension(['2026-Q1', '2026-03'])).toBeUndefined();
    expect(periodDimension(['SCHOOL'])).toBeUndefined();

    const [totals] = statisticsTables({ r: { t: { columnDimension: 'OUTCOME', columns: ['A', 'B', 'C'], columnTotals: [n(0), S, n(1234)], total: n(2000) } } });
    const chart = chartModel(totals!)!;
    expect(chart.caption).toBe('per OUTCOME');
    expect(chart.bars.map((b) => [b.label, b.kind, b.value])).toEqual([
      ['A', 'value', 0],
      ['B', 'suppressed', undefined],
      ['C', 'value', 1234],
    ]);
    expect(chart.max).toBe(1500);
    expect(chart.ticks).toEqual([0, 500, 1000, 1500]);
  });

  it('puts round ticks on the axis: whole counts for small ones, fractions for shares', () => {
    const figures = (values: number[]) => statisticsTables({ r: { list: values.map((v, i) => ({ label: `L${i}`, share: { value: v, suppressed: false } })) } })[0]!;
    expect(chartModel(figures([3, 1]))).toMatchObject({ max: 3, ticks: [0, 1, 2, 3] });
    expect(chartModel(figures([226, 40]))).toMatchObject({ max: 300, ticks: [0, 100, 200, 300] });
    expect(chartModel(figures([0.8, 0.35]))).toMatchObject({ max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(chartModel(figures([0, 0]))).toMatchObject({ max: 1, ticks: [0, 1] });
  });
});
