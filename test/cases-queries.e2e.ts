import { childPlacements, guardianCount, guardianId, partnerId, placementMeasure, worldSize, childId } from '@passerelle/common';
import { addDays, data, error, run, todayInFrance } from './cases-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const SEED = { children: 210, today: '2026-11-01' };

const CHILD_FILE = /* GraphQL */ `
  fragment ChildFile on Child {
    id lastName age referentName referentPhone underProtection
    guardians { id firstNames relationship phone }
    authorisedPickups { id lastName }
    barredContacts { id decisionKind decisionDate }
    measures(first: 5) {
      nodes { id kind status judicial closedOn court { id } operator { id } renewals { newEndDate } nextReportDueOn }
    }
    concerns(first: 5) {
      nodes { id status senderOutcome sourcePartner { id } evaluations { id dueOn } referrals { id decision } }
    }
    plans(first: 2) { nodes { status needs { domain } objectives { owner actions { description } } reviews { childWords } signatures { signerRole } } }
    situationReports(first: 3) { nodes { dueOn status } }
    hearings(first: 3) { nodes { purpose court { id } } }
    timeline(first: 5) { nodes { kind occurredAt } }
  }
`;

// Two pages of the same size in one operation: 2 × 5 = 10 children, or 2 × 100 = 200 children.
const TWO_PAGES = /* GraphQL */ `
  query TwoPages($first: Int!, $after: String!) {
    a: children(first: $first) { nodes { ...ChildFile } }
    b: children(first: $first, after: $after) { nodes { ...ChildFile } }
  }
  ${CHILD_FILE}
`;

describe('reading case files through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(SEED);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  async function twoPages(first: number) {
    const cursor = (await run(stack, `query ($first: Int!) { children(first: $first) { pageInfo { endCursor } } }`, { first })).children.pageInfo.endCursor;
    stack.resetStatements();
    const result = await stack.query<any>(TWO_PAGES, { first, after: cursor });
    return { result: data(result), statements: stack.statements() };
  }

  it('lists 10 or 200 children with guardians, people around them, measures, concerns, plans, reports, hearings and timeline for the same SQL statements', async () => {
    const ten = await twoPages(5);
    const twoHundred = await twoPages(100);
    const all = [...twoHundred.result.a.nodes, ...twoHundred.result.b.nodes];
    expect(ten.result.a.nodes.length + ten.result.b.nodes.length).toBe(10);
    expect(new Set(all.map((c: any) => c.id)).size).toBe(200);
    // The data is really there: the counts below are not those of empty lists.
    expect(all.filter((c) => c.guardians.length > 0)).toHaveLength(200);
    expect(all.filter((c) => c.measures.nodes.length > 0).length).toBeGreaterThan(50);
    expect(all.filter((c) => c.concerns.nodes.length > 0).length).toBeGreaterThan(50);
    expect(all.filter((c) => c.plans.nodes.length > 0).length).toBeGreaterThan(20);
    expect(all.filter((c) => c.timeline.nodes.length > 0).length).toBeGreaterThan(100);
    expect(twoHundred.statements).toEqual(ten.statements);
    expect(all.filter((c) => c.underProtection).length).toBeGreaterThan(20);
    // Per page (each root field runs its own batches): children; then one batch each for
    // protection status, guardians, people around the child, measures, their renewals, their
    // reports, concern links, concerns, evaluations, referrals, plans, needs, objectives, actions,
    // reviews, signatures, the child's reports, hearings and timeline — 20, whether a page holds
    // 5 children or 100; and once per request, the children of every concern read, for the audit record.
    expect(twoHundred.statements).toEqual({ cases: 2 * 20 + 1, placements: 0, partners: 0 });
  });

  it('lists 10 or 100 concerns with their children, evaluations, referrals and measures for the same SQL statements', async () => {
    const query = `query ($first: Int!) { concerns(first: $first) { nodes { id status children { id lastName guardians { id } } evaluations { dueOn overdue } referrals { decision } measures { kind } } } }`;
    stack.resetStatements();
    const ten = data(await stack.query<any>(query, { first: 10 }));
    const forTen = stack.statements();
    stack.resetStatements();
    const hundred = data(await stack.query<any>(query, { first: 100 }));
    expect(ten.concerns.nodes).toHaveLength(10);
    expect(hundred.concerns.nodes).toHaveLength(100);
    expect(hundred.concerns.nodes.filter((c: any) => c.children.length > 1).length).toBeGreaterThan(0);
    // concerns; children links, children, their guardians; evaluations; referrals; measures; and
    // the children of every concern read, for the audit record.
    expect(stack.statements()).toEqual(forTen);
    expect(forTen).toEqual({ cases: 8, placements: 0, partners: 0 });
  });

  it('finds children by name whatever the accents and case, and by birth date', async () => {
    const created = (await run(stack, `mutation ($input: CreateChildInput!) { createChild(input: $input) { id searchable: lastName } }`, {
      input: { firstNames: 'LEA, MAELYS', lastName: 'HERVE', birthDate: '2016-02-29', sex: 'F' },
    })).createChild;
    const search = async (args: string) => (await run(stack, `{ searchChildren(${args}, first: 100) { nodes { id firstNames lastName birthDate } } }`)).searchChildren.nodes;
    for (const name of ['Léa Hervé', 'léa HERVÉ', 'hervé', 'Hervé Léa', 'Maëlys Hervé', 'herv le']) {
      expect((await search(`name: "${name}"`)).map((c: any) => c.id)).toContain(created.id);
    }
    expect((await search(`name: "ea herve"`)).map((c: any) => c.id)).not.toContain(created.id);
    expect((await search(`name: "Léa Hervé", birthDate: "2016-02-29"`)).map((c: any) => c.id)).toEqual([created.id]);
    expect((await search(`name: "Léa Hervé", birthDate: "2016-03-01"`)).map((c: any) => c.id)).not.toContain(created.id);
    // A seeded accented family name is found without its accents.
    const seeded = (await search(`name: "lefevre"`)).concat(await search(`name: "guerin"`));
    expect(seeded.length).toBeGreaterThan(0);
    expect(seeded.every((c: any) => /Lefèvre|Guérin/.test(c.lastName))).toBe(true);
    const nothing = error(await stack.query(`{ searchChildren(name: " -- ") { nodes { id } } }`));
    expect(nothing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
  });

  it('seeds every placement’s measure exactly as placementMeasure says, resolvable as an entity with closedOn', async () => {
    const plan = { children: SEED.children, today: SEED.today };
    const size = worldSize(plan);
    const expected = [];
    for (let i = 0; i < plan.children; i++) {
      for (let k = 0; k < childPlacements(plan, size, i).length; k++) expected.push({ i, m: placementMeasure(plan, size, i, k) });
    }
    expect(expected.length).toBeGreaterThan(40);
    const result = await stack.querySubgraph<any>('cases',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Measure { id kind judicial startDate closedOn status court { id } operator { id } child { id } } } }`,
      { r: expected.map(({ m }) => ({ __typename: 'Measure', id: m.id })) },
    );
    const entities = data(result)._entities;
    expected.forEach(({ i, m }, n) => {
      expect(entities[n]).toMatchObject({
        id: m.id,
        kind: m.kind,
        judicial: m.judicial,
        startDate: m.startDate,
        closedOn: m.endDate,
        court: m.court === null ? null : { id: partnerId('COURT', m.court) },
        operator: { id: partnerId('ASSOCIATION', m.operator) },
        child: { id: childId(i) },
      });
      expect(['ENDED', 'LIFTED'].includes(entities[n].status)).toBe(m.endDate !== null);
    });
  });

  it('seeds guardians with the shared ids guardianId(i, g)', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => childId(i));
    const result = await stack.querySubgraph<any>('cases', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id guardians { id } } } }`, {
      r: ids.map((id) => ({ __typename: 'Child', id })),
    });
    data(result)._entities.forEach((child: any, i: number) => {
      const expected = Array.from({ length: guardianCount(i) }, (_, g) => guardianId(i, g));
      expect(child.guardians.map((g: any) => g.id).sort()).toEqual(expected.sort());
    });
    // Guardians are entities too: the placements subgraph's visit rights point at them.
    const refs = ids.slice(0, 10).flatMap((_, i) => Array.from({ length: guardianCount(i) }, (_, g) => ({ __typename: 'Guardian', id: guardianId(i, g), i })));
    const guardians = await stack.querySubgraph<any>('cases', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Guardian { id relationship child { id } } } }`, {
      r: refs.map(({ __typename, id }) => ({ __typename, id })),
    });
    expect(data(guardians)._entities.map((g: any) => g.child.id)).toEqual(refs.map((r) => childId(r.i)));
  });

  it('lists evaluations due within N days with the overdue ones first', async () => {
    const due = (await run(stack, `{ evaluationsDue(withinDays: 120, first: 100) { nodes { dueOn overdue daysLeft status concern { status } } } }`)).evaluationsDue.nodes;
    expect(due.length).toBeGreaterThan(3);
    const overdue = due.filter((e: any) => e.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(due.slice(0, overdue.length).every((e: any) => e.overdue)).toBe(true);
    expect(due.map((e: any) => e.dueOn)).toEqual([...due.map((e: any) => e.dueOn)].sort());
    const limit = addDays(todayInFrance(), 120);
    expect(due.every((e: any) => e.status === 'IN_PROGRESS' && e.concern.status === 'IN_EVALUATION' && e.dueOn <= limit)).toBe(true);
    expect(overdue.every((e: any) => e.daysLeft < 0)).toBe(true);
  });

  it('lists situation reports due before a day, overdue first, only for measures still open', async () => {
    const due = (await run(stack, `query ($before: LocalDate!) { situationReportsDue(before: $before, first: 100) { nodes { dueOn status overdue measure { status } } } }`, { before: addDays(todayInFrance(), 365) })).situationReportsDue.nodes;
    expect(due.length).toBeGreaterThan(10);
    expect(due.some((r: any) => r.overdue)).toBe(true);
    expect(due.map((r: any) => r.dueOn)).toEqual([...due.map((r: any) => r.dueOn)].sort());
    expect(due.every((r: any) => r.status === 'DRAFT' && ['ACTIVE', 'RENEWED'].includes(r.measure.status))).toBe(true);
  });

  it('pages a child’s timeline newest first, without gaps or repeats', async () => {
    const children = (await run(stack, `{ children(first: 100) { nodes { id timeline(first: 100) { nodes { id occurredAt } } } } }`)).children.nodes;
    const busy = children.reduce((a: any, b: any) => (b.timeline.nodes.length > a.timeline.nodes.length ? b : a));
    const full = busy.timeline.nodes;
    expect(full.length).toBeGreaterThan(4);
    expect(full.map((e: any) => e.occurredAt)).toEqual([...full.map((e: any) => e.occurredAt)].sort().reverse());
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await run(stack, `query ($id: ID!, $after: String) { child(id: $id) { timeline(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`, { id: busy.id, after })).child.timeline;
      paged.push(...page.nodes.map((e: any) => e.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(full.map((e: any) => e.id));
  });

  it('gives each child of a batch its own newest events, cut at the page: the head of its whole timeline', async () => {
    // One statement for 100 children: a page per child (not 3 events for the whole batch, nor every
    // event of a busy child), each the first events of that child's timeline, newest first.
    const whole = (await run(stack, `{ children(first: 100) { nodes { id timeline(first: 100) { nodes { id } } } } }`)).children.nodes;
    const paged = (await run(stack, `{ children(first: 100) { nodes { id timeline(first: 3) { nodes { id } pageInfo { hasNextPage } } } } }`)).children.nodes;
    expect(paged.map((c: any) => c.id)).toEqual(whole.map((c: any) => c.id));
    expect(whole.filter((c: any) => c.timeline.nodes.length > 3).length).toBeGreaterThan(5);
    expect(whole.filter((c: any) => c.timeline.nodes.length > 0).length).toBeGreaterThan(50);
    paged.forEach((child: any, i: number) => {
      const events = whole[i].timeline.nodes.map((e: any) => e.id);
      expect([child.id, child.timeline.nodes.map((e: any) => e.id), child.timeline.pageInfo.hasNextPage]).toEqual([child.id, events.slice(0, 3), events.length > 3]);
    });
  });

  it('lists open measures ending within N days, soonest first', async () => {
    const ending = (await run(stack, `{ measuresEnding(withinDays: 366, first: 100) { nodes { plannedEndDate status } } }`)).measuresEnding.nodes;
    expect(ending.length).toBeGreaterThan(5);
    expect(ending.map((m: any) => m.plannedEndDate)).toEqual([...ending.map((m: any) => m.plannedEndDate)].sort());
    expect(ending.every((m: any) => ['ACTIVE', 'RENEWED'].includes(m.status))).toBe(true);
  });
});
