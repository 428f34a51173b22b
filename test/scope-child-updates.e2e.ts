import { DEPARTMENT_TEAMS, departmentCaseworker } from '@passerelle/common';
import { Client } from 'pg';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 14 (flat with size), `npm run bench:writes`: the placements and partners subgraphs cache a
 * caseworker's slice (their team's children, asked of cases). A change of a child's commune
 * changes that slice and must drop it at commit; any other update of a child (a name, a
 * birthplace) changes no slice and must not — at 100 000 children, every such update made the next
 * read of every caseworker in each subgraph ask cases for their team's 50 000 children again.
 */
const NANTES = 0;
const SAINT_NAZAIRE = 2;
const CASEWORKER = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(NANTES));
const MANAGER = seeded('department', 'DEPARTMENT', 0, 0);
const PLACEMENT = `query ($id: ID!) { placement(id: $id) { id startDate } }`;
const UPDATE = `mutation ($input: UpdateChildInput!) { updateChild(input: $input) { id version communeCode } }`;

describe('a caseworker’s cached slice and the updates of a child', () => {
  let stack: TestStack;
  /** A child of the Nantes team with a placement, not of the caseworker's caseload. */
  let child: { id: string; placement: string };
  beforeAll(async () => {
    stack = await startTestStack({ children: 120 });
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; placement: string }>(
        `SELECT c.id, p.id AS placement FROM cases.child c JOIN placements.placement p ON p.child_id = c.id
          WHERE c.commune_code = ANY($1) AND NOT EXISTS (SELECT 1 FROM cases.child_referent r WHERE r.child_id = c.id AND r.member_id = $2)
          ORDER BY c.id LIMIT 1`,
        [DEPARTMENT_TEAMS[NANTES]!.communes, CASEWORKER.sub],
      );
      child = rows[0]!;
    } finally {
      await db.end();
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const version = async () => {
    const r = await stack.query<any>(`query ($id: ID!) { child(id: $id) { version } }`, { id: child.id }, MANAGER);
    return r.data.child.version as number;
  };

  it('a référent assigned or ended drops the member’s own part and keeps the team’s (cases asked for the member alone)', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    let outside: { id: string; placement: string };
    try {
      // A child of another team, with a placement: in the caseworker's slice only as their référent.
      outside = (
        await db.query<{ id: string; placement: string }>(
          `SELECT c.id, p.id AS placement FROM cases.child c JOIN placements.placement p ON p.child_id = c.id
            WHERE NOT (c.commune_code = ANY($1)) AND NOT EXISTS (SELECT 1 FROM cases.child_referent r WHERE r.child_id = c.id)
            ORDER BY c.id LIMIT 1`,
          [DEPARTMENT_TEAMS[NANTES]!.communes],
        )
      ).rows[0]!;
    } finally {
      await db.end();
    }
    expect(outside).toBeDefined();
    const read = () => stack.query<any>(PLACEMENT, { id: outside.placement }, CASEWORKER);
    expect((await read()).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).errors).toBeUndefined();

    const assigned = await stack.query<any>(`mutation ($input: AssignReferentInput!) { assignReferent(input: $input) { id } }`, { input: { childId: outside.id, memberId: CASEWORKER.sub } }, MANAGER);
    expect(assigned.errors).toBeUndefined();
    stack.resetStatements();
    expect((await read()).data.placement.id).toBe(outside.placement);
    // The member's part asked again (one statement), the team's kept.
    expect(stack.statements().cases).toBe(1);

    const ended = await stack.query<any>(`mutation ($input: EndReferentInput!) { endReferent(input: $input) { id } }`, { input: { childId: outside.id, memberId: CASEWORKER.sub } }, MANAGER);
    expect(ended.errors).toBeUndefined();
    stack.resetStatements();
    expect((await read()).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.statements().cases).toBe(1);
    // The team's children still read, from the kept part.
    stack.resetStatements();
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).data.placement.id).toBe(child.placement);
    expect(stack.statements().cases).toBe(0);
  });

  it('a child created joins the cached team part of its commune at commit, cases not asked the team again; one created elsewhere does not', async () => {
    // Warm: the caseworker's parts are cached in placements.
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).errors).toBeUndefined();
    const create = async (commune: string) => {
      const r = await stack.query<any>(
        `mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }`,
        { input: { firstNames: 'Camille', lastName: `Nouveau-${commune}`, birthDate: '2019-03-04', sex: 'X', communeCode: commune } },
        MANAGER,
      );
      expect(r.errors).toBeUndefined();
      return r.data.createChild.id as string;
    };
    const inTeam = await create(DEPARTMENT_TEAMS[NANTES]!.communes[0]!);
    const elsewhere = await create(DEPARTMENT_TEAMS[SAINT_NAZAIRE]!.communes[0]!);
    // Placed (written as the placements subgraph's own rows: a placement notifies associations only).
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const placements: Record<string, string> = {};
    try {
      for (const id of [inTeam, elsewhere]) {
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO placements.placement (child_id, facility_id, start_date) SELECT $1, id, current_date FROM placements.facility ORDER BY id LIMIT 1 RETURNING id`,
          [id],
        );
        placements[id] = rows[0]!.id;
      }
    } finally {
      await db.end();
    }
    stack.resetStatements();
    expect((await stack.query<any>(PLACEMENT, { id: placements[inTeam] }, CASEWORKER)).data?.placement?.id).toBe(placements[inTeam]);
    expect((await stack.query<any>(PLACEMENT, { id: placements[elsewhere] }, CASEWORKER)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // Neither the team's part nor the member's asked of cases again.
    expect(stack.statements().cases).toBe(0);
    // The Saint-Nazaire team sees its new child (its part, asked now, holds it).
    const saintNazaire = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(SAINT_NAZAIRE));
    expect((await stack.query<any>(PLACEMENT, { id: placements[elsewhere] }, saintNazaire)).data?.placement?.id).toBe(placements[elsewhere]);
  });

  it('cases names each child created with its commune; a statement of more than 64 children, or none with a commune, as before', async () => {
    const listener = new Client({ connectionString: stack.databaseUrl });
    const db = new Client({ connectionString: stack.databaseUrl });
    await Promise.all([listener.connect(), db.connect()]);
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('LISTEN passerelle_scope');
      const insert = async (count: number, commune: string | null) => {
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO cases.child (first_names, last_name, birth_date, sex, commune_code)
           SELECT 'Lou', 'Essai-' || n, DATE '2018-01-01', 'X', $2 FROM generate_series(1, $1) AS n RETURNING id`,
          [count, commune],
        );
        await listener.query('SELECT 1'); // the notifications of a committed statement arrive before this answer
        const got = heard.splice(0);
        return { ids: rows.map((r) => r.id), got };
      };
      const one = await insert(1, '44109');
      expect(one.got).toEqual([`department:joined:44109:${one.ids[0]}`]);
      const two = await insert(2, '2A004');
      expect(two.got.sort()).toEqual(two.ids.map((id) => `department:joined:2A004:${id}`).sort());
      expect((await insert(65, '44109')).got).toEqual(['department:*']);
      expect((await insert(1, null)).got).toEqual([]);
      // Rolled back: nothing heard.
      await db.query('BEGIN');
      await db.query(`INSERT INTO cases.child (first_names, last_name, birth_date, sex, commune_code) VALUES ('Lou', 'Annulé', DATE '2018-01-01', 'X', '44109')`);
      await db.query('ROLLBACK');
      await listener.query('SELECT 1');
      expect(heard).toEqual([]);
    } finally {
      await db.query(`DELETE FROM cases.child WHERE last_name LIKE 'Essai-%'`);
      await Promise.all([listener.end(), db.end()]);
    }
  });

  it('a refused createChild writes no child and tells no subgraph of one (a school, a bad commune, a future birth date)', async () => {
    const listener = new Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('LISTEN passerelle_scope');
      const count = async () => Number((await listener.query<{ n: string }>('SELECT count(*) AS n FROM cases.child')).rows[0]!.n);
      const before = await count();
      const create = (input: Record<string, unknown>, as: Parameters<TestStack['query']>[2]) =>
        stack.query<any>(`mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }`, { input: { firstNames: 'Lou', lastName: 'Refusé', sex: 'X', ...input } }, as);
      const refusals = [
        await create({ birthDate: '2019-03-04', communeCode: '44109' }, seeded('school', 'SCHOOL', 0)),
        await create({ birthDate: '2019-03-04', communeCode: '4410' }, MANAGER),
        await create({ birthDate: '2999-01-01', communeCode: '44109' }, MANAGER),
      ];
      for (const r of refusals) {
        expect(r.data?.createChild ?? null).toBeNull();
        expect(r.errors?.length).toBeGreaterThan(0);
      }
      await listener.query('SELECT 1'); // any notification committed meanwhile has arrived
      expect(await count()).toBe(before);
      expect(heard).toEqual([]);
    } finally {
      await listener.end();
    }
  });

  it('an update that moves the child out of no slice leaves it cached; a change of commune drops it at commit', async () => {
    expect(child).toBeDefined();
    // Warm: the second read is served from placements' cached slice (cases is not asked).
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).data.placement.id).toBe(child.placement);
    stack.resetStatements();
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).errors).toBeUndefined();
    expect(stack.statements().cases).toBe(0);

    // A birthplace corrected: no slice changes, the cached one serves the next read.
    const corrected = await stack.query<any>(UPDATE, { input: { id: child.id, version: await version(), birthplace: 'Rezé' } }, MANAGER);
    expect(corrected.errors).toBeUndefined();
    stack.resetStatements();
    expect((await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER)).data.placement.id).toBe(child.placement);
    expect(stack.statements().cases).toBe(0);

    // The child moves to Saint-Nazaire: out of the Nantes team's slice at the very next request.
    const moved = await stack.query<any>(UPDATE, { input: { id: child.id, version: await version(), communeCode: DEPARTMENT_TEAMS[SAINT_NAZAIRE]!.communes[0] } }, MANAGER);
    expect(moved.errors).toBeUndefined();
    const after = await stack.query<any>(PLACEMENT, { id: child.placement }, CASEWORKER);
    expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('a court’s cached slice and its hearings', () => {
  let stack: TestStack;
  const JUDGE = seeded('judge', 'COURT', 0);
  /** A child before court 0 with a placement, and a child before no court with one. */
  let before: { id: string; placement: string };
  let outside: { id: string; placement: string };
  beforeAll(async () => {
    stack = await startTestStack({ children: 120 });
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const pick = async (linked: boolean) =>
        (
          await db.query<{ id: string; placement: string }>(
            `SELECT c.id, p.id AS placement FROM cases.child c JOIN placements.placement p ON p.child_id = c.id
              WHERE ${linked ? '' : 'NOT'} EXISTS (SELECT 1 FROM cases.measure m WHERE m.child_id = c.id AND m.court_id = $1
                                        UNION ALL SELECT 1 FROM cases.hearing h WHERE h.child_id = c.id AND h.court_id = $1)
                AND c.birth_date > current_date - interval '16 years'
              ORDER BY c.id LIMIT 1`,
            [JUDGE.partnerId],
          )
        ).rows[0]!;
      before = await pick(true);
      outside = await pick(false);
    } finally {
      await db.end();
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const read = (placement: string) => stack.query<any>(PLACEMENT, { id: placement }, JUDGE);
  const schedule = (childId: string, as: typeof JUDGE) =>
    stack.query<any>(
      `mutation ($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id version } }`,
      { input: { childId, courtId: JUDGE.partnerId, scheduledAt: '2030-01-07T09:00:00Z', purpose: 'Audience d’assistance éducative' } },
      as,
    );

  it('a hearing of a child already before the court, and its outcome, keep the slice; one that brings a child before it drops it at commit', async () => {
    expect(before).toBeDefined();
    expect(outside).toBeDefined();
    expect((await read(before.placement)).data.placement.id).toBe(before.placement);
    expect((await read(outside.placement)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const hearing = await schedule(before.id, JUDGE);
    expect(hearing.errors).toBeUndefined();
    stack.resetStatements();
    expect((await read(before.placement)).data.placement.id).toBe(before.placement);
    expect(stack.statements().cases).toBe(0);

    // Its outcome recorded (an update that moves no child; the mutation needs a hearing held, so in SQL).
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE cases.hearing SET outcome = 'Renvoi', version = version + 1 WHERE id = $1`, [hearing.data.scheduleHearing.id]);
    } finally {
      await db.end();
    }
    stack.resetStatements();
    expect((await read(before.placement)).data.placement.id).toBe(before.placement);
    expect(stack.statements().cases).toBe(0);

    // The département brings a child before the court: in its slice at the very next request.
    const brought = await schedule(outside.id, MANAGER);
    expect(brought.errors).toBeUndefined();
    expect((await read(outside.placement)).data.placement.id).toBe(outside.placement);
  });
});
