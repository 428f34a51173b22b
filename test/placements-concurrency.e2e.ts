import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { uniqueAsConflict } from '../subgraphs/placements/src/errors';
import { placeableChild } from './law-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Races through the gateway against real PostgreSQL: requests are fired together, not one
 * after the other, and the database decides. The facility row lock (SELECT … FOR UPDATE)
 * serialises the requests for the last place; the partial unique index on open placements
 * catches a child placed twice at once.
 */

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceChildInput!) { placeChild(input: $input) { id capacityOverrideReason } }
`;
const OCCUPANCY = /* GraphQL */ `
  query Occupancy($id: ID!) {
    facility(id: $id) {
      occupancy { byAgeBand { ageBand places activePlacements vacancies overCapacity } }
      placements(first: 100) { nodes { id endDate capacityOverrideReason } }
    }
  }
`;

const TEEN_AGE = 14;

/**
 * Sessions of this database waiting for a lock (behind the holder, directly or in its queue),
 * seen from another session: inside a transaction pg_stat_activity is a frozen snapshot.
 */
async function blockedBehind(observer: Client): Promise<number> {
  const { rows } = await observer.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}

/** Polls a condition (readiness is polled, never slept on); fails after `attempts` tries. */
async function waitUntil(condition: () => Promise<boolean>, attempts = 1000): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

describe('two requests for the last place: exactly one succeeds', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 60 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  /** A new teenager under a court placement in force (the law: a placement carries out a measure that allows one). */
  const teen = () => placeableChild(stack, TEEN_AGE, '2026-11-02');
  const place = async (facilityId: string, extra: Record<string, unknown> = {}, who?: { childId: string; measureId: string }) =>
    stack.query<any>(PLACE, {
      input: { ...(who ?? (await teen())), facilityId, startDate: '2026-11-02', ...extra },
    });

  async function teenBand(facilityId: string) {
    const result = await stack.query<any>(OCCUPANCY, { id: facilityId });
    expect(result.errors).toBeUndefined();
    return {
      band: result.data.facility.occupancy.byAgeBand.find((b: any) => b.ageBand === 'TEEN'),
      open: result.data.facility.placements.nodes.filter((p: any) => p.endDate === null),
    };
  }

  it('fills a band to its last place, then six simultaneous requests: one placed, five CONFLICT', async () => {
    const search = await stack.query<any>(
      `{ facilitiesWithVacancy(childAge: ${TEEN_AGE}, communeCode: "44109", first: 50) { nodes { id kind } } }`,
    );
    expect(search.errors).toBeUndefined();
    const facilityId: string = search.data.facilitiesWithVacancy.nodes[0].id;
    const { band } = await teenBand(facilityId);
    for (let k = 0; k < band.vacancies - 1; k++) expect((await place(facilityId)).errors).toBeUndefined();
    expect((await teenBand(facilityId)).band.vacancies).toBe(1);

    // Make the race certain: hold the facility row while six requests arrive, so they all reach
    // the database before any of them can finish; then let them go at once.
    const holder = new Client({ connectionString: stack.databaseUrl });
    const observer = new Client({ connectionString: stack.databaseUrl });
    await holder.connect();
    await observer.connect();
    let results: Awaited<ReturnType<typeof place>>[];
    try {
      const racers = await Promise.all(Array.from({ length: 6 }, () => teen()));
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM placements.facility WHERE id = $1 FOR UPDATE', [facilityId]);
      const pending = Promise.all(racers.map((who) => place(facilityId, {}, who)));
      await waitUntil(async () => (await blockedBehind(observer)) === 6);
      await holder.query('COMMIT');
      results = await pending;
    } finally {
      await holder.end();
      await observer.end();
    }
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const r of lost) {
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', ageBand: 'TEEN' });
      expect(r.errors![0]!.message).toContain('no vacancy left');
    }
    const after = await teenBand(facilityId);
    expect(after.band).toMatchObject({ vacancies: 0, overCapacity: 0, activePlacements: band.places });
    expect(after.open.every((p: any) => p.capacityOverrideReason === null)).toBe(true);

    // Beyond capacity only with a reason, which is recorded; without one nothing is written.
    const refused = await place(facilityId);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await teenBand(facilityId)).open).toHaveLength(after.open.length);
    const forced = await place(facilityId, { capacityOverrideReason: 'Fratrie à ne pas séparer, validé par la cadre ASE' });
    expect(forced.errors).toBeUndefined();
    expect(forced.data.placeChild.capacityOverrideReason).toBe('Fratrie à ne pas séparer, validé par la cadre ASE');
    expect((await teenBand(facilityId)).band).toMatchObject({ vacancies: 0, overCapacity: 1, activePlacements: band.places + 1 });
  });

  it('one child placed in two facilities at the same moment: one placement, one CONFLICT', async () => {
    const search = await stack.query<any>(
      `{ facilitiesWithVacancy(childAge: 7, communeCode: "44109", first: 50) { nodes { id } } }`,
    );
    const [a, b] = search.data.facilitiesWithVacancy.nodes.map((f: any) => f.id);
    expect(b).toBeDefined();
    for (let round = 0; round < 5; round++) {
      const { childId, measureId } = await placeableChild(stack, 7, '2026-11-02');
      const input = (facilityId: string) => ({ input: { childId, measureId, facilityId, startDate: '2026-11-02' } });
      const results = await Promise.all([stack.query<any>(PLACE, input(a)), stack.query<any>(PLACE, input(b))]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.find((r) => r.errors)!.errors![0]!.extensions?.code).toBe('CONFLICT');
      const open = await Promise.all(
        [a, b].map((id) =>
          stack.query<any>(`query ($id: ID!) { facility(id: $id) { placements(first: 100) { nodes { endDate child { id } } } } }`, { id }),
        ),
      );
      const forChild = open.flatMap((r) => r.data.facility.placements.nodes).filter((p: any) => p.child.id === childId);
      expect(forChild).toHaveLength(1);
    }
  });

  it('when both race past the check, the unique index on open placements answers CONFLICT, not an internal error', async () => {
    const { dataSource } = stack.subgraphs.placements!.db;
    const [facility] = await dataSource.query(`SELECT id FROM placements.facility LIMIT 1`);
    const childId = randomUUID();
    const insert = () =>
      dataSource.query(
        `INSERT INTO placements.placement (child_id, facility_id, measure_id, age_band, start_date) VALUES ($1, $2, $3, 'CHILD', '2026-11-02')`,
        [childId, facility.id, randomUUID()],
      );
    await insert();
    const messages = { placement_one_open_per_child: 'the child already has an open placement' };
    await expect(uniqueAsConflict(insert, messages)).rejects.toMatchObject({
      message: 'the child already has an open placement',
      extensions: { code: 'CONFLICT' },
    });
    const [{ open }] = await dataSource.query(`SELECT count(*)::int AS open FROM placements.placement WHERE child_id = $1`, [childId]);
    expect(open).toBe(1);
  });
});
