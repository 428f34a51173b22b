import { repoPath } from '@passerelle/common';
import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { regressions, sweepQueries, type SweepFigure } from './sweep-queries';
import { LARGEST_PERSONAS } from './workloads';

/** The reads `npm run bench:sweep` generates from a contract (tools/src/sweep-queries.ts). */
describe('sweep queries', () => {
  const schema = buildSchema(`
    scalar LocalDate
    type Visit { id: ID! }
    type VisitConnection { nodes: [Visit!]! }
    type Guardian { name: String! }
    type Measure { id: ID! }
    type MeasureConnection { nodes: [Measure!]! }
    type Child { id: ID! name: String! guardians: [Guardian!]! measures(first: Int! = 20, after: String): MeasureConnection! }
    type ChildConnection { nodes: [Child!]! }
    type Hearing { id: ID! }
    type HearingConnection { nodes: [Hearing!]! }
    type Query {
      child(id: ID!): Child!
      children(first: Int! = 20, after: String): ChildConnection!
      weekVisits(week: LocalDate!, first: Int! = 20): VisitConnection!
      facilityVisits(facilityId: ID!, week: LocalDate!, first: Int! = 20): VisitConnection!
      courtHearings(from: LocalDate!, courtId: ID, days: Int! = 7, first: Int! = 20): HearingConnection
      searchChildren(name: String, first: Int! = 20): ChildConnection
      guardians: [Guardian!]!
    }`);

  it('lists every root connection or list, with first, required arguments and extras, and each list of a Child under children', () => {
    const reads = sweepQueries(schema, { week: '"2026-11-02"', from: '"2026-11-01"', courtId: '"c1"' });
    expect(reads).toEqual([
      { name: 'children', query: 'query SweepChildren { children(first: 20) { nodes { id } } }', missing: [] },
      { name: 'weekVisits', query: 'query SweepWeekVisits { weekVisits(week: "2026-11-02", first: 20) { nodes { id } } }', missing: [] },
      { name: 'facilityVisits', query: null, missing: ['facilityId'] },
      { name: 'courtHearings', query: 'query SweepCourtHearings { courtHearings(from: "2026-11-01", courtId: "c1", days: 92, first: 20) { nodes { id } } }', missing: [] },
      { name: 'searchChildren', query: 'query SweepSearchChildren { searchChildren(name: "a", first: 20) { nodes { id } } }', missing: [] },
      { name: 'guardians', query: 'query SweepGuardians { guardians { __typename } }', missing: [] },
      { name: 'children.guardians', query: 'query SweepChildrenGuardians { children(first: 20) { nodes { id guardians { __typename } } } }', missing: [] },
      { name: 'children.measures', query: 'query SweepChildrenMeasures { children(first: 20) { nodes { id measures(first: 5) { nodes { id } } } } }', missing: [] },
    ]);
    for (const r of reads) if (r.query) expect(validate(schema, parse(r.query)).map((e) => e.message)).toEqual([]);
  });

  it('leaves the court out when none is chosen (a judge: its own)', () => {
    const reads = sweepQueries(schema, { from: '"2026-11-01"' });
    expect(reads.find((r) => r.name === 'courtHearings')!.query).toContain('courtHearings(from: "2026-11-01", days: 92, first: 20)');
  });

  it.each([...new Set(LARGEST_PERSONAS.map((p) => p.audience))])('generates reads that validate against the %s contract', (audience) => {
    const contract = buildSchema(readFileSync(repoPath(`schema/contracts/${audience}.graphql`), 'utf8'));
    const values = { withinDays: '366', before: '"2036-01-01"', from: '"2026-11-01"', facilityId: '"f"', week: '"2026-11-02"', childAge: '10', communeCode: '"44109"', partnerId: '"p"', courtId: '"c"' };
    const reads = sweepQueries(contract, values);
    expect(reads.filter((r) => r.query === null)).toEqual([]);
    expect(reads.map((r) => r.name)).toEqual(expect.arrayContaining(['children', 'children.guardians']));
    for (const r of reads) expect([r.name, validate(contract, parse(r.query!)).map((e) => e.message)]).toEqual([r.name, []]);
  });

  it('names the reads above 1.5 × their baseline and above 25 ms, slowest first', () => {
    const f = (name: string, p50: number): SweepFigure => ({ persona: 'judge', name, p50, p95: p50, statements: 1, errors: 0 });
    const base = [f('a', 10), f('b', 20), f('c', 10), f('d', 30)];
    const now = [f('a', 30), f('b', 29), f('c', 20), f('d', 60), f('new', 100)];
    expect(regressions(base, now).map((r) => r.figure.name)).toEqual(['d', 'a']);
  });
});
