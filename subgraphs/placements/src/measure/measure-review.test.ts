import { composeServices } from '@apollo/composition';
import { execute, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPlacementsSchema } from '../schema';
import { placementsNeedReview } from './measure-review';

/**
 * "Ending a measure flags its open placements", in-process: the subgraph schema with the
 * fields that `@requires` cases' `Measure.closedOn`, composed with the cases subgraph's SDL,
 * and the resolvers run on the representation the gateway would send. Through the gateway it
 * is tested by test/placements-measure-review.e2e.ts.
 */

/** The cases subgraph as composed (schema/subgraphs/cases.graphql): it has Measure.closedOn, and every other type placements extends. */
const CASES_WITH_CLOSED_ON = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'schema', 'subgraphs', 'cases.graphql'), 'utf8');

describe('a closed measure flags its open placements', () => {
  it('needs review only when the measure is closed and a placement is still open', () => {
    expect(placementsNeedReview('2026-10-01', 1)).toBe(true);
    expect(placementsNeedReview('2026-10-01', 0)).toBe(false);
    expect(placementsNeedReview(null, 2)).toBe(false);
    expect(placementsNeedReview(undefined, 2)).toBe(false);
  });

  it('composes with a cases subgraph that exposes Measure.closedOn, and the gateway plans the @requires', async () => {
    const { sdl } = await buildPlacementsSchema();
    expect(sdl).toContain('closedOn: LocalDate @external');
    expect(sdl).toMatch(/placementsNeedReview: Boolean @requires\(fields: "closedOn"\)/);
    const result = composeServices([
      { name: 'cases', url: 'http://cases', typeDefs: parse(CASES_WITH_CLOSED_ON) },
      { name: 'placements', url: 'http://placements', typeDefs: parse(sdl) },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toMatch(/placementsNeedReview: Boolean @join__field\(graph: PLACEMENTS, requires: "closedOn"\)/);
  });

  it('resolves placementsNeedReview from the representation the gateway sends, one count per batch', async () => {
    const { schema } = await buildPlacementsSchema();
    const asked: string[][] = [];
    const openByMeasure: Record<string, number> = { m1: 1, m2: 0, m3: 2 };
    const context = {
      loaders: {
        openPlacementCountByMeasure: {
          load: async (id: string) => {
            asked.push([id]);
            return openByMeasure[id] ?? 0;
          },
        },
      },
    };
    const result = await execute({
      schema,
      document: parse(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Measure { id placementsNeedReview } } }`),
      variableValues: {
        r: [
          { __typename: 'Measure', id: 'm1', closedOn: '2026-10-01' },
          { __typename: 'Measure', id: 'm2', closedOn: '2026-10-01' },
          { __typename: 'Measure', id: 'm3', closedOn: null },
        ],
      },
      contextValue: context,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: 'm1', placementsNeedReview: true },
      { id: 'm2', placementsNeedReview: false },
      { id: 'm3', placementsNeedReview: false },
    ]);
    // An open measure needs no count at all.
    expect(asked).toEqual([['m1'], ['m2']]);
  });
});
