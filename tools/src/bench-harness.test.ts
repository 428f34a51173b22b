import { UsageError } from '@passerelle/common';
import { withSubgraphUrls } from './bench-child';
import {
  canonicalJson,
  figure,
  firstDifference,
  formatTable,
  identicalData,
  isPostmaster,
  listFlag,
  median,
  parseBenchCommand,
  parseProcStat,
  parseWorkload,
  percentile,
  planWaves,
  ratio,
  recordStatements,
  serverCpuTicks,
  spread,
  statementsPerSubgraph,
  type ProcStat,
  type RecordedFetch,
} from './bench-harness';
import { enginesExcluding } from './bench-hive';

/** The pure parts of `npm run bench` (issue 14). Nothing here is timed. */

describe('percentiles and medians', () => {
  it('nearest rank, whatever the order of the values', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
    expect(values).toEqual([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]); // not sorted in place
  });

  it('p95 of 100 values is the 95th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
  });

  it('median of the rounds: the middle one, the mean of the middle two, missing rounds left out', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('the spread of the rounds: half their range over their median', () => {
    expect(spread([90, 100, 110])).toBe(' ±10%');
    expect(spread([100, 100])).toBe(' ±0%');
    expect(spread([100])).toBe('');
    expect(spread([0, 0])).toBe('');
    expect(spread([Number.NaN, 50, 70])).toBe(' ±17%');
  });

  it('ratios and figures: a dash where a figure is missing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
    expect(figure(1.256, 2)).toBe('1.26');
    expect(figure(Number.NaN)).toBe('–');
  });
});

describe('the tables', () => {
  it('Markdown, padded, first column left and the others right', () => {
    expect(
      formatTable(
        ['workload', 'P', 'P/A'],
        [
          ['W1', '120', '0.85'],
          ['W10', '7', '1.00'],
        ],
      ),
    ).toBe(['| workload |   P |  P/A |', '|:---------|----:|-----:|', '| W1       | 120 | 0.85 |', '| W10      |   7 | 1.00 |'].join('\n'));
  });

  it('refuses a row that does not fit the header', () => {
    expect(() => formatTable(['a', 'b'], [['1']])).toThrow('a row of 1 cells in a table of 2 columns');
  });
});

describe('the identical-data check', () => {
  const children = (names: string[]) => ({ children: { nodes: names.map((lastName, i) => ({ id: `c${i}`, lastName })) } });

  it('the same data is the same whatever the order of an object’s keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(identicalData({ P: { data: children(['Martin', 'Durand']) }, A: { data: { children: { nodes: [{ lastName: 'Martin', id: 'c0' }, { lastName: 'Durand', id: 'c1' }] } } } })).toBeNull();
  });

  it('the order of a list’s items counts, and the first difference is named', () => {
    expect(identicalData({ P: { data: children(['Martin', 'Durand']) }, A: { data: children(['Martin', 'Durant']) }, H: { data: children(['Martin', 'Durand']) } })).toBe(
      'A differs from P at data.children.nodes.1.lastName',
    );
    expect(firstDifference([1, 2], [1, 2, 3])).toBe('(root) (2 items against 3)');
    expect(firstDifference({ a: 1 }, { a: 1, b: null })).toBe('b (absent from one)');
    expect(firstDifference({ a: { b: 1 } }, { a: { b: 2 } })).toBe('a.b');
  });

  it('an error or no data is never "the same", even when every gateway answers it', () => {
    const refused = { data: null, errors: [{ message: 'no access', path: ['children'], extensions: { code: 'FORBIDDEN' } }] };
    expect(identicalData({ P: refused, A: refused })).toBe('P answered an error: no access (FORBIDDEN) at children');
    expect(identicalData({ P: { data: null }, A: { data: null } })).toBe('P answered no data');
    expect(identicalData({})).toBe('no answer');
  });
});

describe('workload files', () => {
  it('JSON: audience, query, variables, and the optional partner, member and title', () => {
    const w = parseWorkload(
      JSON.stringify({ audience: 'judge', query: 'query Court($n: Int!) { children(first: $n) { nodes { id } } }', variables: { n: 50 }, partner: 'p1', member: 'm1' }),
      'court',
    );
    expect(w).toEqual({
      name: 'court',
      title: 'judge: Court',
      audience: 'judge',
      partnerId: 'p1',
      member: 'm1',
      query: 'query Court($n: Int!) { children(first: $n) { nodes { id } } }',
      variables: { n: 50 },
    });
  });

  it('GraphQL: the settings in "# key: value" lines', () => {
    const text = ['# audience: school', '# title: twenty pupils', '# variables: {"first": 20}', 'query Pupils($first: Int!) { children(first: $first) { nodes { id } } }'].join('\n');
    expect(parseWorkload(text, 'pupils')).toEqual(
      expect.objectContaining({ name: 'pupils', title: 'twenty pupils', audience: 'school', query: text, variables: { first: 20 } }),
    );
    expect(parseWorkload('# audience: department\n{ children { nodes { id } } }', 'x')).toEqual(expect.objectContaining({ title: 'department: anonymous query', variables: {} }));
  });

  it.each([
    ['{ "audience": "mayor", "query": "{ a }" }', /"audience" must be one of department, .*, got "mayor"/],
    ['{ "audience": "school" }', /"query" must be a GraphQL query/],
    ['{ "audience": "school", "query": "{ a" }', /the query does not parse/],
    ['{ "audience": "school", "query": "mutation { a }" }', /a query expected .* got a mutation/],
    ['{ "audience": "school", "query": "query A { a } query B { b }" }', /one operation expected, got 2/],
    ['{ "audience": "school", "query": "{ a }", "variables": [1] }', /"variables" must be an object/],
    ['{ "audience": "school", "query": "{ a }", "children": 5 }', /unknown key "children"/],
    ['{ "audience": ', /not JSON/],
    ['# audience: school\n# variables: {first\n{ a }', /"# variables:" is not JSON/],
  ])('refuses %j, one line naming the file', (text, message) => {
    expect(() => parseWorkload(text, 'w', 'w.json')).toThrow(UsageError);
    expect(() => parseWorkload(text, 'w', 'w.json')).toThrow(message);
    expect(() => parseWorkload(text, 'w', 'w.json')).toThrow(/^w\.json: /);
  });
});

describe('the floor: the plan as it ran, in waves', () => {
  const f = (subgraph: string, start: number, end: number): RecordedFetch => ({ subgraph, query: `{ ${subgraph} }`, variables: {}, start, end });

  it('a fetch that started after an answer waited for it: next wave; fetches started together: one wave', () => {
    const waves = planWaves([f('placements', 12, 20), f('cases', 0, 10), f('partners', 11, 18), f('partners', 25, 30)]);
    expect(waves.map((w) => w.map((x) => `${x.subgraph}@${x.start}`))).toEqual([['cases@0'], ['partners@11', 'placements@12'], ['partners@25']]);
  });

  it('no fetch, no wave', () => {
    expect(planWaves([])).toEqual([]);
  });
});

describe('flags and installs', () => {
  it('a comma-separated list: each item checked, duplicates dropped, the fallback when absent', () => {
    const size = (t: string) => (/^[1-9]\d*$/.test(t) ? Number(t) : undefined);
    expect(listFlag('npm run bench', 'sizes', '1000, 100000,1000', [5], size)).toEqual([1000, 100000]);
    expect(listFlag('npm run bench', 'sizes', undefined, [5], size)).toEqual([5]);
    expect(() => listFlag('npm run bench', 'sizes', '1000,lots', [5], size)).toThrow('npm run bench: --sizes has "lots", which it does not take');
    expect(() => listFlag('npm run bench', 'sizes', ',', [5], size)).toThrow('npm run bench: --sizes must list at least one');
  });

  it('the Hive Gateway install: packages whose engines exclude the running Node are named', () => {
    const lock = {
      packages: {
        '': { version: '1.0.0', engines: { node: '>=99' } },
        'node_modules/a': { version: '1.0.0', engines: { node: '>=20.0.0' } },
        'node_modules/b': { version: '2.0.2', engines: { node: '>=22.15.0' } },
        'node_modules/c': { version: '1.0.0', engines: ['node >= 0.8'] },
      },
    };
    expect(enginesExcluding(lock, 'v20.19.0')).toEqual(['node_modules/b@2.0.2 wants node >=22.15.0']);
    expect(enginesExcluding(lock, 'v22.15.0')).toEqual([]);
  });

  it('Hive Gateway reads the subgraphs’ URLs from the supergraph: each one where it runs now', () => {
    const sdl = 'enum join__Graph {\n  CASES @join__graph(name: "cases", url: "http://localhost:4001/graphql")\n  PARTNERS @join__graph(name: "partners", url: "http://localhost:4003/graphql")\n}';
    expect(withSubgraphUrls(sdl, { cases: 'http://127.0.0.1:5555/graphql' })).toBe(
      'enum join__Graph {\n  CASES @join__graph(name: "cases", url: "http://127.0.0.1:5555/graphql")\n  PARTNERS @join__graph(name: "partners", url: "http://localhost:4003/graphql")\n}',
    );
  });
});

describe("the PostgreSQL server's CPU time, from /proc/<pid>/stat", () => {
  // A backend's line as Linux 6 writes it (52 fields): pid, (comm), state, ppid … utime stime cutime cstime (14–17) … starttime (22).
  const line = (pid: number, comm: string, ppid: number, [utime, stime, cutime, cstime]: number[], starttime = 5000) =>
    `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1289 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 ${starttime} 229924864 7059 18446744073709551615 1 1 0 0 0 0 4194304 19935232 1124073987 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;

  it('reads the parent, the CPU times and the start', () => {
    expect(parseProcStat(line(4711, 'postgres', 4700, [120, 30, 7, 2], 987654))).toEqual({
      pid: 4711,
      comm: 'postgres',
      ppid: 4700,
      utime: 120,
      stime: 30,
      cutime: 7,
      cstime: 2,
      starttime: 987654,
    });
  });

  it('a name with spaces and parentheses does not shift the fields after it', () => {
    const stat = parseProcStat(line(12, 'a) b (c) 1 2 3', 1, [40, 5, 0, 1]));
    expect(stat.comm).toBe('a) b (c) 1 2 3');
    expect([stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime, stat.starttime]).toEqual([1, 40, 5, 0, 1, 5000]);
    expect(parseProcStat(line(13, ')', 12, [1, 2, 3, 4])).comm).toBe(')');
    expect(parseProcStat(line(14, '', 12, [1, 2, 3, 4])).utime).toBe(1);
  });

  it('refuses what is not a stat line rather than read the wrong field', () => {
    expect(() => parseProcStat('')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('12 (postgres) S 1 2 3')).toThrow(/field 14/);
    expect(() => parseProcStat(line(12, 'postgres', 1, [1, 2, 3, 4]).replace(' 1 2 3 4 ', ' 1 x 3 4 '))).toThrow(/field 15/);
  });

  it('the postmaster is the backend’s parent only if it started when the server says it did', () => {
    const boot = { btime: 1_796_282_576, hz: 100 };
    const postmaster = parseProcStat(line(100, 'postgres', 1, [0, 0, 0, 0], 123_456)); // 1234.56 s after boot
    expect(isPostmaster(postmaster, boot.btime + 1235.1, boot)).toBe(true);
    // Same pid, another process: the server (in a container, on another host) started elsewhen.
    expect(isPostmaster(postmaster, boot.btime + 1260, boot)).toBe(false);
    expect(isPostmaster(postmaster, boot.btime - 86_400, boot)).toBe(false);
    expect(isPostmaster(undefined, boot.btime + 1235, boot)).toBe(false); // no such process here
  });

  it("the server's time: the postmaster's own and reaped children's, and each live child's, nothing else", () => {
    const processes: ProcStat[] = [
      parseProcStat(line(100, 'postgres', 1, [10, 5, 300, 40])), // the postmaster; 340 ticks of backends that ended
      parseProcStat(line(101, 'postgres', 100, [2, 1, 0, 0])), // checkpointer
      parseProcStat(line(102, 'postgres', 100, [500, 80, 0, 0])), // a backend
      parseProcStat(line(103, 'postgres', 100, [0, 0, 6, 1])), // archiver, after an archive_command
      parseProcStat(line(200, 'postgres', 1, [9000, 900, 0, 0])), // another server
      parseProcStat(line(201, 'postgres', 200, [800, 80, 0, 0])), // its backend
      parseProcStat(line(300, 'node', 102, [70, 7, 0, 0])), // not a child of the postmaster
    ];
    expect(serverCpuTicks(100, processes)).toBe(10 + 5 + 300 + 40 + 3 + 580 + 7);
    expect(serverCpuTicks(999, processes)).toBe(0);
  });

  it('a backend that ends between two readings moves into the postmaster’s reaped time: the total does not drop', () => {
    const before = serverCpuTicks(100, [parseProcStat(line(100, 'postgres', 1, [10, 5, 0, 0])), parseProcStat(line(102, 'postgres', 100, [500, 80, 0, 0]))]);
    const after = serverCpuTicks(100, [parseProcStat(line(100, 'postgres', 1, [11, 5, 520, 85]))]);
    expect(after - before).toBe(1 + 20 + 5);
  });
});

describe('the world benches\' shared flags', () => {
  const spec = {
    command: 'npm run bench:x',
    usage: '[--children N] [--runs N] [--keep] [--only a,b] [--out FILE]',
    flags: { out: 'string', deep: 'boolean' },
    children: 1000,
    runs: 15,
    only: { what: 'personas', names: ['school', 'judge', 'pmi'] },
  } as const;

  it('defaults when absent: the bench\'s own sizes, no --keep, all names', () => {
    expect(parseBenchCommand(spec, [])).toEqual({ children: 1000, runs: 15, keep: false, only: null, flags: {} });
  });

  it('reads the shared flags and the bench\'s own', () => {
    const parsed = parseBenchCommand(spec, ['--children', '200', '--runs=3', '--keep', '--only', 'judge, school,judge', '--out', 'f.json', '--deep']);
    expect(parsed).toMatchObject({ children: 200, runs: 3, keep: true, flags: { out: 'f.json', deep: true, children: '200' } });
    expect([...parsed.only!]).toEqual(['judge', 'school']);
  });

  it('--only names outside the list: one usage error listing the valid ones and every wrong one', () => {
    expect(() => parseBenchCommand(spec, ['--only', 'school,nosuch,other'])).toThrow(new UsageError('npm run bench:x: --only names personas school, judge, pmi, got nosuch, other'));
    expect(() => parseBenchCommand(spec, ['--only', ','])).toThrow(new UsageError('npm run bench:x: --only must list at least one'));
  });

  it('without spec.only, --only is an unknown argument', () => {
    const { only: _only, ...plain } = spec;
    expect(parseBenchCommand(plain, []).only).toBeNull();
    expect(() => parseBenchCommand(plain, ['--only', 'school'])).toThrow(/^npm run bench:x: unknown argument --only \(usage: npm run bench:x -- \[--children N\]/);
  });

  it('bad whole numbers and unknown flags are usage errors naming them', () => {
    expect(() => parseBenchCommand(spec, ['--children', 'lots'])).toThrow(new UsageError('npm run bench:x: --children must be a whole number from 1, got "lots"'));
    expect(() => parseBenchCommand(spec, ['--runs', '0'])).toThrow(new UsageError('npm run bench:x: --runs must be a whole number from 1, got "0"'));
    expect(() => parseBenchCommand(spec, ['--kids', '5'])).toThrow(UsageError);
    expect(() => parseBenchCommand(spec, ['--keep=yes'])).toThrow(/--keep takes no value/);
  });
});

describe('recording the statements of the subgraphs', () => {
  /** A stand-in for a subgraph's StatementCounter: counts, as the real one does. */
  const counter = () => ({ count: 0, logQuery(_sql: string, _params?: unknown[]) { this.count += 1; } });

  it('keeps what ran during the work, by subgraph, and the counters go on counting', async () => {
    const subgraphs = { cases: { db: { statements: counter() } }, partners: { db: { statements: counter() } } };
    const record = recordStatements(subgraphs);
    subgraphs.cases.db.statements.logQuery('SELECT before');
    const { result, statements } = await record(async () => {
      subgraphs.partners.db.statements.logQuery('SELECT 1', [1]);
      subgraphs.cases.db.statements.logQuery('SELECT 2');
      subgraphs.partners.db.statements.logQuery('SELECT 3', ['x']);
      return 'answer';
    });
    subgraphs.cases.db.statements.logQuery('SELECT after');
    expect(result).toBe('answer');
    expect(statements).toEqual([
      { subgraph: 'partners', sql: 'SELECT 1', params: [1] },
      { subgraph: 'cases', sql: 'SELECT 2', params: [] },
      { subgraph: 'partners', sql: 'SELECT 3', params: ['x'] },
    ]);
    expect([subgraphs.cases.db.statements.count, subgraphs.partners.db.statements.count]).toEqual([3, 2]);
    expect(statementsPerSubgraph(statements)).toBe('partners 2, cases 1');
    expect(statementsPerSubgraph(statements, ['cases', 'placements', 'partners'])).toBe('cases 1, placements 0, partners 2');
    expect(statementsPerSubgraph([])).toBe('');
  });

  it('stops recording when the work fails', async () => {
    const subgraphs = { cases: { db: { statements: counter() } } };
    const record = recordStatements(subgraphs);
    await expect(record(async () => {
      subgraphs.cases.db.statements.logQuery('SELECT 1');
      throw new Error('refused');
    })).rejects.toThrow('refused');
    const { statements } = await record(async () => undefined);
    subgraphs.cases.db.statements.logQuery('SELECT late');
    expect(statements).toEqual([]);
  });
});
