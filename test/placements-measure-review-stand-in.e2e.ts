import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLog, startSubgraph, type RunningSubgraph } from '@passerelle/common';
import { startGateway, type RunningGateway } from '@passerelle/gateway';
import { placementsSubgraph, seedPlacements } from '@passerelle/placements';
import { parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import { buildPlacementsSchema } from '../subgraphs/placements/src/schema';
import { createTestDatabase } from './support/database';
import { postGraphQL } from './support/stack';

/**
 * The `@requires(fields: "closedOn")` path through a real gateway, before the cases subgraph has
 * `Measure.closedOn`: a stand-in cases subgraph that has only that field answers for measures,
 * the real placements subgraph (with the contract switched on) answers the rest. The gateway
 * fetches `closedOn` from the stand-in and hands it to placements. The same scenario against the
 * real cases subgraph is test/placements-measure-review.e2e.ts.
 */

const STAND_IN_CASES = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar LocalDate
  type Query { "unused" standInMeasure(id: ID!): Measure }
  type Measure @key(fields: "id") { id: ID! closedOn: LocalDate }
`;

describe('a closed measure flags its open placements, through the gateway (cases stood in)', () => {
  const closedMeasure = randomUUID();
  const runningMeasure = randomUUID();
  const closedOn: Record<string, string> = { [closedMeasure]: '2026-10-15' };
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let placements: RunningSubgraph;
  let cases: { server: ApolloServer; url: string };
  let gateway: RunningGateway;
  let casesCalls = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    const definition = { ...placementsSubgraph, buildSchema: () => buildPlacementsSchema({ measureClosedOn: true }) };
    placements = await startSubgraph(definition, { databaseUrl: database.url, port: 0, host: '127.0.0.1', log: createLog('test', 'error') });
    await placements.ready;
    await seedPlacements(placements.db.dataSource, { children: 40, today: '2026-11-01' });
    const server = new ApolloServer({
      schema: buildSubgraphSchema([
        {
          typeDefs: parse(STAND_IN_CASES),
          resolvers: {
            Measure: {
              __resolveReference: (ref: { id: string }) => {
                casesCalls++;
                return { id: ref.id, closedOn: closedOn[ref.id] ?? null };
              },
            },
          } as never,
        },
      ]),
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    cases = { server, url };
    const composed = composeServices([
      { name: 'cases', url: cases.url, typeDefs: parse(STAND_IN_CASES) },
      { name: 'placements', url: placements.url, typeDefs: parse((await definition.buildSchema()).sdl) },
    ]);
    expect(composed.errors).toBeUndefined();
    gateway = await startGateway({
      supergraphSdl: composed.supergraphSdl!,
      subgraphUrls: { cases: cases.url, placements: placements.url },
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await cases?.server.stop();
    await placements?.stop();
    await database?.drop();
  });

  const query = <T>(q: string, variables?: Record<string, unknown>) => postGraphQL<T>(gateway.url, q, variables);

  async function place(measureId: string): Promise<string> {
    const vacancy = await query<any>(`{ facilitiesWithVacancy(childAge: 8, communeCode: "44109", first: 1) { nodes { id } } }`);
    const facilityId = vacancy.data!.facilitiesWithVacancy.nodes[0].id;
    const placed = await query<any>(`mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id version } }`, {
      input: { childId: randomUUID(), measureId, facilityId, childAge: 8, startDate: '2026-09-01' },
    });
    expect(placed.errors).toBeUndefined();
    return placed.data!.placeChild.id;
  }

  const REVIEW = `query ($id: ID!) { placement(id: $id) { measure { id closedOn openPlacementCount placementsNeedReview } } }`;

  it('flags the open placement of a closed measure, not that of a running one, and clears once it ends', async () => {
    const flaggedId = await place(closedMeasure);
    const runningId = await place(runningMeasure);
    casesCalls = 0;
    const flagged = await query<any>(REVIEW, { id: flaggedId });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data!.placement.measure).toEqual({ id: closedMeasure, closedOn: '2026-10-15', openPlacementCount: 1, placementsNeedReview: true });
    expect(casesCalls).toBeGreaterThan(0);
    const running = await query<any>(REVIEW, { id: runningId });
    expect(running.data!.placement.measure).toMatchObject({ closedOn: null, placementsNeedReview: false });

    const current = await query<any>(`query ($id: ID!) { placement(id: $id) { version } }`, { id: flaggedId });
    const ended = await query<any>(`mutation ($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`, {
      input: { id: flaggedId, version: current.data!.placement.version, endDate: '2026-10-15', endReason: 'MEASURE_LIFTED' },
    });
    expect(ended.errors).toBeUndefined();
    const cleared = await query<any>(REVIEW, { id: flaggedId });
    expect(cleared.data!.placement.measure).toMatchObject({ closedOn: '2026-10-15', openPlacementCount: 0, placementsNeedReview: false });
  });
});
