import { randomUUID } from 'node:crypto';
import {
  childId,
  childPlacements,
  facilityId,
  facilityOperator,
  partnerId,
  seedId,
  worldSize,
  type Principal,
  type SeedPlan,
} from '@passerelle/common';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Row scope in the placements subgraph, through the gateway and as the gateway calls it, with
 * seeded institutions. These rest on the placements subgraph's own facts (who operates which
 * facility, who is placed where), so they hold whatever the cases subgraph adds to a slice.
 */

const PLAN: SeedPlan = { children: 240, today: '2026-11-01' };
const SIZE = worldSize(PLAN);
const CHILDREN = Array.from({ length: PLAN.children }, (_, i) => i);

/** Every seeded placement: child, facility, whether still open, and its id. */
const PLACEMENTS = CHILDREN.flatMap((i) =>
  childPlacements(PLAN, SIZE, i).map((p, k) => ({ i, child: childId(i), id: seedId(`placement:${i}`, k), facility: p.facility, open: !p.endDate })),
);
const operatorOf = (f: number) => facilityOperator(SIZE, f);
/** Children placed now in a facility association `a` operates. */
const placedWith = (a: number) => [...new Set(PLACEMENTS.filter((p) => p.open && operatorOf(p.facility) === a).map((p) => p.child))].sort();
/** Facility kinds cycle through FacilityKind: index 0 is a foster carer (confidential address), 4 a nursery. */
const FOSTER_CARER = 0;
const NURSERY = 4;

const ASSOCIATION = seeded('association', 'ASSOCIATION', operatorOf(FOSTER_CARER));
const OTHER_ASSOCIATION = seeded('association', 'ASSOCIATION', (operatorOf(FOSTER_CARER) + 1) % SIZE.associations);
const JUDGE = seeded('judge', 'COURT', 0);
const CRIP = seeded('crip', 'CRIP', 0);

/** The principal the gateway would sign for a seeded member. */
const principal = (as: { audience: Principal['audience']; partnerId: string; sub: string }): Principal => ({
  sub: as.sub,
  partnerId: as.partnerId,
  audience: as.audience,
  scopes: [],
});

const forbiddenAt = (result: { errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));

describe('row scope in the placements subgraph', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('an association lists its own facilities and the children placed in them now, and no others', async () => {
    const result = await stack.query<any>(
      `{ facilities(first: 100) { nodes { id placements(first: 100, openOnly: true) { nodes { child { id } } } } } }`,
      {},
      ASSOCIATION,
    );
    expect(result.errors).toBeUndefined();
    const own = Array.from({ length: SIZE.facilities }, (_, f) => f).filter((f) => operatorOf(f) === operatorOf(FOSTER_CARER));
    expect(result.data.facilities.nodes.map((f: any) => f.id).sort()).toEqual(own.map(facilityId).sort());
    const children = result.data.facilities.nodes.flatMap((f: any) => f.placements.nodes.map((p: any) => p.child.id));
    expect([...new Set(children)].sort()).toEqual(placedWith(operatorOf(FOSTER_CARER)));
    expect(children.length).toBeGreaterThan(3);
    // The same children are what the placements subgraph contributes to the association's slice.
    const facts = await stack.querySubgraph<any>(
      'placements',
      `query ($p: ID!) { _placementsChildrenInScope(audience: "association", partnerId: $p) }`,
      { p: ASSOCIATION.partnerId },
    );
    expect(facts.data._placementsChildrenInScope.sort()).toEqual(placedWith(operatorOf(FOSTER_CARER)));
    const judges = await stack.querySubgraph<any>(
      'placements',
      `query ($p: ID!) { _placementsChildrenInScope(audience: "judge", partnerId: $p) }`,
      { p: JUDGE.partnerId },
    );
    expect(judges.data._placementsChildrenInScope).toEqual([]);
  });

  it('an association sees the placements in its facilities, history included, and not the child’s placements elsewhere', async () => {
    const a = operatorOf(FOSTER_CARER);
    // A child placed once with the association and once elsewhere.
    const child = CHILDREN.find((i) => {
      const mine = PLACEMENTS.filter((p) => p.i === i).map((p) => operatorOf(p.facility) === a);
      return mine.includes(true) && mine.includes(false);
    })!;
    expect(child).toBeDefined();
    const ownPlacements = PLACEMENTS.filter((p) => p.i === child && operatorOf(p.facility) === a);
    const elsewhere = PLACEMENTS.find((p) => p.i === child && operatorOf(p.facility) !== a)!;

    const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { placements(first: 10) { nodes { id facility { id } } } } } }`;
    const asAssociation = await stack.querySubgraph<any>('placements', ENTITIES, { r: [{ __typename: 'Child', id: childId(child) }] }, principal(ASSOCIATION));
    expect(asAssociation.errors).toBeUndefined();
    expect(asAssociation.data._entities[0].placements.nodes.map((p: any) => p.id).sort()).toEqual(ownPlacements.map((p) => p.id).sort());
    const asDepartment = await stack.querySubgraph<any>('placements', ENTITIES, { r: [{ __typename: 'Child', id: childId(child) }] });
    expect(asDepartment.data._entities[0].placements.nodes.length).toBe(PLACEMENTS.filter((p) => p.i === child).length);

    // A facility's history: every placement there, ended ones too.
    const facility = ownPlacements[0]!.facility;
    const history = await stack.query<any>(`query ($id: ID!) { facility(id: $id) { placements(first: 100) { nodes { id } } } }`, { id: facilityId(facility) }, ASSOCIATION);
    expect(history.errors).toBeUndefined();
    expect(history.data.facility.placements.nodes.map((p: any) => p.id).sort()).toEqual(
      PLACEMENTS.filter((p) => p.facility === facility).map((p) => p.id).sort(),
    );

    // The placement elsewhere, by id: FORBIDDEN, in the same words as an id that does not exist.
    const PLACEMENT = `query ($id: ID!) { placement(id: $id) { id } }`;
    const other = await stack.query<any>(PLACEMENT, { id: elsewhere.id }, ASSOCIATION);
    const missing = await stack.query<any>(PLACEMENT, { id: randomUUID() }, ASSOCIATION);
    expect(other.data).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(missing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(missing.errors?.[0]?.message).toBe(other.errors?.[0]?.message);
    const own = await stack.query<any>(PLACEMENT, { id: ownPlacements[0]!.id }, ASSOCIATION);
    expect(own.data.placement).toEqual({ id: ownPlacements[0]!.id });
    // The département still gets NOT_FOUND for what does not exist.
    expect((await stack.query<any>(PLACEMENT, { id: randomUUID() })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('an association gets FORBIDDEN for another association’s facility by id, as for one that does not exist', async () => {
    const FACILITY = `query ($id: ID!) { facility(id: $id) { id name } }`;
    const other = await stack.query<any>(FACILITY, { id: facilityId(FOSTER_CARER) }, OTHER_ASSOCIATION);
    const missing = await stack.query<any>(FACILITY, { id: randomUUID() }, OTHER_ASSOCIATION);
    expect(other.data).toBeNull();
    expect(forbiddenAt(other)).toEqual(['facility']);
    expect(missing.errors?.[0]?.message).toBe(other.errors?.[0]?.message);
    // The vacancy search too keeps to the association's own facilities.
    const VACANCIES = `{ facilitiesWithVacancy(childAge: 8, communeCode: "44109", first: 100) { nodes { id } } }`;
    const vacancies = await stack.query<any>(VACANCIES, {}, OTHER_ASSOCIATION);
    expect(vacancies.errors).toBeUndefined();
    const everyone = (await stack.query<any>(VACANCIES)).data.facilitiesWithVacancy.nodes.map((f: any) => f.id);
    const theirs = new Set(
      Array.from({ length: SIZE.facilities }, (_, f) => f).filter((f) => partnerId('ASSOCIATION', operatorOf(f)) === OTHER_ASSOCIATION.partnerId).map(facilityId),
    );
    expect(everyone.some((id: string) => !theirs.has(id))).toBe(true);
    expect(vacancies.data.facilitiesWithVacancy.nodes.map((f: any) => f.id)).toEqual(everyone.filter((id: string) => theirs.has(id)));
  });

  it('a foster family’s address is read by the operator, the judge and the département; the CRIP gets null and FORBIDDEN there, and the rest', async () => {
    const ADDRESS = `query ($id: ID!) { facility(id: $id) { name confidentialAddress address postalCode } }`;
    const read = async (as: Parameters<TestStack['query']>[2], f: number) => stack.query<any>(ADDRESS, { id: facilityId(f) }, as);
    const operator = await read(ASSOCIATION, FOSTER_CARER);
    expect(operator.errors).toBeUndefined();
    expect(operator.data.facility).toMatchObject({ confidentialAddress: true, address: expect.any(String), postalCode: expect.stringMatching(/^44\d{3}$/) });
    const judge = await read(JUDGE, FOSTER_CARER);
    expect(judge.errors).toBeUndefined();
    expect(judge.data.facility).toEqual(operator.data.facility);
    expect((await read(undefined, FOSTER_CARER)).data.facility).toEqual(operator.data.facility);

    const crip = await read(CRIP, FOSTER_CARER);
    expect(crip.data.facility).toEqual({ ...operator.data.facility, address: null, postalCode: null });
    expect(forbiddenAt(crip).sort()).toEqual(['facility.address', 'facility.postalCode']);
    expect(crip.errors?.[0]?.message).toMatch(/confidential/);
    // A nursery's address is no secret.
    const nursery = await read(CRIP, NURSERY);
    expect(nursery.errors).toBeUndefined();
    expect(nursery.data.facility).toMatchObject({ confidentialAddress: false, address: expect.any(String) });

    // Another association does not even reach the facility (its rows are its own facilities).
    const other = await read(OTHER_ASSOCIATION, FOSTER_CARER);
    expect(other.data).toBeNull();
    expect(forbiddenAt(other)).toEqual(['facility']);
  });

  it('an out-of-scope entity reference resolves to null with FORBIDDEN, the others arrive', async () => {
    const a = operatorOf(FOSTER_CARER);
    const mine = PLACEMENTS.find((p) => operatorOf(p.facility) === a)!;
    const theirs = PLACEMENTS.find((p) => operatorOf(p.facility) !== a)!;
    const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Placement { id } ... on Facility { id } } }`;
    const result = await stack.querySubgraph<any>(
      'placements',
      ENTITIES,
      {
        r: [
          { __typename: 'Placement', id: mine.id },
          { __typename: 'Placement', id: theirs.id },
          { __typename: 'Placement', id: randomUUID() },
          { __typename: 'Facility', id: facilityId(theirs.facility) },
        ],
      },
      principal(ASSOCIATION),
    );
    expect(result.data?._entities).toEqual([{ id: mine.id }, null, null, null]);
    expect(forbiddenAt(result).sort()).toEqual(['_entities.1', '_entities.2', '_entities.3']);
    const [placementOut, placementMissing] = result.errors!.filter((e) => e.path?.[1] === 1 || e.path?.[1] === 2);
    expect(placementMissing!.message).toBe(placementOut!.message);
  });

  it('an institution the matrix opens no placement data to (a school) is refused straight at the subgraph, before anything runs', async () => {
    const school = principal(seeded('school', 'SCHOOL', 0));
    const lists = await stack.querySubgraph<any>('placements', `{ facilities(first: 10) { nodes { id } } }`, {}, school);
    expect(lists.data ?? null).toBeNull();
    expect(lists.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const entity = await stack.querySubgraph<any>(
      'placements',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { placements(first: 5) { nodes { id } } visitRights(first: 5) { nodes { id } } } } }`,
      { r: [{ __typename: 'Child', id: PLACEMENTS[0]!.child }] },
      school,
    );
    expect(entity.data ?? null).toBeNull();
    expect(entity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('visit rights and writes', () => {
    /** A child no institution's facts put in any slice: unknown to every subgraph but this right. */
    const stranger = randomUUID();
    let strangersRight: { id: string; version: number };
    const SET = `mutation ($input: SetVisitRightInput!) { setVisitRight(input: $input) { id version } }`;
    const END = `mutation ($input: EndVisitRightInput!) { endVisitRight(input: $input) { id version endsOn } }`;
    const right = (child: string) => ({
      childId: child,
      relativeName: 'Mme Le Floch',
      relationship: 'grand-mère',
      kind: 'MEDIATED',
      frequency: 'Une heure tous les quinze jours',
      place: 'Espace de rencontre, Nantes',
      decision: 'Jugement JE Nantes n° 54321/2026',
      decidedOn: '2026-11-02',
      startsOn: '2026-11-02',
    });
    const rightsOf = async (child: string) =>
      (await stack.querySubgraph<any>('placements', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { visitRights(first: 50) { nodes { id endsOn } } } } }`, {
        r: [{ __typename: 'Child', id: child }],
      })).data._entities[0].visitRights.nodes;

    beforeAll(async () => {
      const created = await stack.query<any>(SET, { input: right(stranger) });
      expect(created.errors).toBeUndefined();
      strangersRight = created.data.setVisitRight;
    }, SETUP_TIMEOUT_MS);

    it('an association reads the visit rights of a child placed with it now, and not of a child outside its slice', async () => {
      const placed = placedWith(operatorOf(FOSTER_CARER));
      const CHILD_RIGHTS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id visitRights(first: 50) { nodes { id child { id } visitCounts { held } visits(first: 5) { nodes { id } } } } } } }`;
      const result = await stack.querySubgraph<any>(
        'placements',
        CHILD_RIGHTS,
        { r: [...placed, stranger].map((id) => ({ __typename: 'Child', id })) },
        principal(ASSOCIATION),
      );
      expect(result.errors).toBeUndefined();
      const department = await stack.querySubgraph<any>('placements', CHILD_RIGHTS, { r: [...placed, stranger].map((id) => ({ __typename: 'Child', id })) });
      // Placed children with visit rights: the association sees exactly what the département sees.
      const withRights = department.data._entities.filter((c: any) => c.visitRights.nodes.length > 0);
      expect(withRights.length).toBeGreaterThan(1);
      expect(result.data._entities.slice(0, placed.length)).toEqual(department.data._entities.slice(0, placed.length));
      expect(result.data._entities.at(-1).visitRights.nodes).toEqual([]);
      expect(department.data._entities.at(-1).visitRights.nodes).toHaveLength(1);

      const byId = await stack.query<any>(`query ($id: ID!) { visitRight(id: $id) { id } }`, { id: strangersRight.id }, ASSOCIATION);
      expect(byId.data).toBeNull();
      expect(forbiddenAt(byId)).toEqual(['visitRight']);
    });

    it('an association cannot write placements: the contract has no such mutation, and the subgraph refuses it too, writing nothing', async () => {
      const placement = PLACEMENTS.find((p) => p.open && operatorOf(p.facility) === operatorOf(FOSTER_CARER))!;
      const END_PLACEMENT = `mutation ($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`;
      const input = { id: placement.id, version: 1, endDate: '2026-11-02', endReason: 'RETURN_HOME' };
      const gateway = await stack.query<any>(END_PLACEMENT, { input }, ASSOCIATION);
      expect(gateway.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const direct = await stack.querySubgraph<any>('placements', END_PLACEMENT, { input }, principal(ASSOCIATION));
      expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const still = await stack.query<any>(`query ($id: ID!) { placement(id: $id) { endDate version } }`, { id: placement.id });
      expect(still.data.placement).toEqual({ endDate: null, version: 1 });
    });

    it('a judge cannot record or end a visit right for a child outside its slice: FORBIDDEN, nothing written', async () => {
      const other = randomUUID();
      const set = await stack.query<any>(SET, { input: right(other) }, JUDGE);
      expect(set.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await rightsOf(other)).toEqual([]);

      const end = await stack.query<any>(END, { input: { id: strangersRight.id, version: strangersRight.version, endsOn: '2026-12-01' } }, JUDGE);
      const endMissing = await stack.query<any>(END, { input: { id: randomUUID(), version: 1, endsOn: '2026-12-01' } }, JUDGE);
      const stale = await stack.query<any>(END, { input: { id: strangersRight.id, version: strangersRight.version + 5, endsOn: '2026-12-01' } }, JUDGE);
      expect(end.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // Neither an unknown id nor a stale version says anything more of a right out of scope.
      expect(endMissing.errors?.[0]?.message).toBe(end.errors?.[0]?.message);
      expect(stale.errors?.[0]?.message).toBe(end.errors?.[0]?.message);
      expect(await rightsOf(stranger)).toEqual([{ id: strangersRight.id, endsOn: null }]);
      const plan = await stack.query<any>(`mutation ($input: PlanVisitsInput!) { planVisits(input: $input) { id } }`, { input: { visitRightId: strangersRight.id, days: ['2026-11-07'] } }, JUDGE);
      expect(plan.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const visits = await stack.query<any>(`query ($id: ID!) { visitRight(id: $id) { visits(first: 5) { nodes { id } } } }`, { id: strangersRight.id });
      expect(visits.data.visitRight.visits.nodes).toEqual([]);
    });
  });
});

describe('row scope in the placements subgraph: statement counts', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // 1 200 children: 100 facilities, 25 per association, hundreds of placements each.
    stack = await startTestStack({ children: 1200 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const OPERATOR_VIEW = /* GraphQL */ `
    query OperatorView($first: Int!) {
      facilities(first: $first) {
        nodes {
          name address confidentialAddress occupancy { vacancies }
          placements(first: 20) {
            nodes {
              startDate endDate facility { name } measure { id openPlacementCount }
              child {
                id
                currentPlacement { id }
                visitRights(first: 5) { nodes { kind visitCounts { held } visits(first: 5) { nodes { status visitRight { id } } } } }
                returnHomePlan { phase placement { id } phases { phase } milestones(first: 5) { nodes { title } } }
              }
            }
          }
          open: placements(first: 20, openOnly: true) { nodes { child { id } } }
        }
      }
    }
  `;

  it('an association’s view of its facilities costs as many statements for 3 facilities as for 25', async () => {
    const association = seeded('association', 'ASSOCIATION', 1);
    const count = async (first: number) => {
      // The gateway's principal check and the slice are cached briefly: warm them, then count.
      await stack.query(OPERATOR_VIEW, { first }, association);
      stack.resetStatements();
      const result = await stack.query<any>(OPERATOR_VIEW, { first }, association);
      expect(result.errors).toBeUndefined();
      return { nodes: result.data.facilities.nodes, statements: stack.statements() };
    };
    const three = await count(3);
    const all = await count(25);
    expect(all.nodes).toHaveLength(25);
    const placements = (nodes: any[]) => nodes.flatMap((f) => f.placements.nodes);
    expect(placements(all.nodes).length).toBeGreaterThan(100);
    expect(placements(all.nodes).flatMap((p: any) => p.child.visitRights.nodes).length).toBeGreaterThan(10);
    expect(all.statements).toEqual(three.statements);
    // placements: the page; open places by band; placement pages, open placement pages; facilities
    // by id; open counts by measure; current placements; visit-right pages; latest plans; visit
    // counts; visit pages; visit rights by id; plans' placements; phases; milestones.
    expect(all.statements).toEqual({ cases: 0, placements: 15, partners: 0 });
  });
});
