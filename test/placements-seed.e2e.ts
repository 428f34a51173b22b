import {
  childPlacements,
  facilityId,
  facilityOperator,
  guardianCount,
  guardianId,
  partnerId,
  placementMeasure,
  seedId,
  worldSize,
  type SeedPlan,
} from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/** The seeded placements world: what the issue asks of it, and the ids other subgraphs agree on. */

const PLAN: SeedPlan = { children: 600, today: '2026-11-01' };

describe('the seeded placements world', () => {
  let stack: TestStack;
  let db: DataSource;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
    db = stack.subgraphs.placements!.db.dataSource;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const column = async (sql: string) => (await db.query(sql)).map((row: Record<string, unknown>) => Object.values(row)[0]);

  it('has facilities of every kind across the communes, with operators from the partners world', async () => {
    expect(await column(`SELECT DISTINCT kind::text FROM placements.facility ORDER BY 1`)).toEqual(
      ['CHILDRENS_HOME', 'EMERGENCY_HOME', 'FOSTER_CARER', 'LIFE_PLACE', 'NURSERY', 'TRUSTED_THIRD_PARTY_HOME'],
    );
    expect((await column(`SELECT DISTINCT commune_code FROM placements.facility`)).length).toBeGreaterThan(10);
    const size = worldSize(PLAN);
    const rows: { id: string; operator_id: string }[] = await db.query(`SELECT id, operator_id FROM placements.facility`);
    expect(rows).toHaveLength(size.facilities);
    for (let i = 0; i < size.facilities; i++) {
      expect(rows.find((r) => r.id === facilityId(i))!.operator_id).toBe(partnerId('ASSOCIATION', facilityOperator(size, i)));
    }
    // Foster families' and TDC homes' addresses are confidential and have no FINESS number.
    expect(await column(`SELECT DISTINCT confidential_address FROM placements.facility WHERE kind IN ('FOSTER_CARER', 'TRUSTED_THIRD_PARTY_HOME')`)).toEqual([true]);
    expect(await column(`SELECT count(*)::int FROM placements.facility WHERE kind = 'CHILDRENS_HOME' AND finess IS NULL`)).toEqual([0]);
  });

  it('links every placement to the measure cases seeds for it', async () => {
    const size = worldSize(PLAN);
    const rows: { id: string; measure_id: string }[] = await db.query(`SELECT id, measure_id FROM placements.placement`);
    const byId = new Map(rows.map((r) => [r.id, r.measure_id]));
    let checked = 0;
    for (let i = 0; i < PLAN.children; i++) {
      childPlacements(PLAN, size, i).forEach((_, k) => {
        expect(byId.get(seedId(`placement:${i}`, k))).toBe(placementMeasure(PLAN, size, i, k).id);
        checked++;
      });
    }
    expect(checked).toBe(rows.length);
  });

  it('has facilities full or nearly so, and placements beyond capacity only with a recorded reason', async () => {
    const result = await stack.query<any>(`{ facilities(first: 100) { nodes { occupancy { capacity vacancies byAgeBand { places vacancies overCapacity } } } } }`);
    expect(result.errors).toBeUndefined();
    const occupancies = result.data.facilities.nodes.map((f: any) => f.occupancy);
    expect(occupancies.filter((o: any) => o.capacity > 0 && o.vacancies <= 1).length).toBeGreaterThan(3);
    const overCapacity = occupancies.flatMap((o: any) => o.byAgeBand).reduce((sum: number, b: any) => sum + b.overCapacity, 0);
    const [withReason] = await column(`SELECT count(*)::int FROM placements.placement WHERE end_date IS NULL AND capacity_override_reason IS NOT NULL`);
    expect(overCapacity).toBeGreaterThan(0);
    expect(withReason).toBe(overCapacity);
  });

  it('has visit rights of the children’s guardians, with visits held, cancelled with a reason, and planned', async () => {
    const guardians: { child_id: string; guardian_id: string }[] = await db.query(
      `SELECT child_id, guardian_id FROM placements.visit_right WHERE guardian_id IS NOT NULL`,
    );
    expect(guardians.length).toBeGreaterThan(20);
    const known = new Set<string>();
    for (let i = 0; i < PLAN.children; i++) for (let g = 0; g < guardianCount(i); g++) known.add(guardianId(i, g));
    expect(guardians.every((r) => known.has(r.guardian_id))).toBe(true);
    expect(await column(`SELECT count(*)::int FROM placements.visit_right WHERE relative_name IS NOT NULL`)).not.toEqual([0]);
    const statuses: { status: string; n: number }[] = await db.query(`SELECT status::text, count(*)::int AS n FROM placements.visit GROUP BY status ORDER BY status`);
    expect(statuses.map((s) => s.status)).toEqual(['CANCELLED', 'HELD', 'PLANNED']);
    expect(await column(`SELECT count(*)::int FROM placements.visit WHERE status = 'CANCELLED' AND (cancellation_reason IS NULL OR cancelled_by IS NULL)`)).toEqual([0]);
  });

  it('has return-home plans in every phase, their moves in order, some going back with a reason', async () => {
    expect(await column(`SELECT DISTINCT phase::text FROM placements.return_home_plan ORDER BY 1`)).toEqual(
      ['ABANDONED', 'COMPLETED', 'DAY_VISITS', 'HOLIDAYS', 'MAINLEVEE_REQUESTED', 'WEEKENDS'],
    );
    expect(await column(`SELECT count(*)::int FROM placements.return_home_move WHERE backward AND reason IS NOT NULL`)).not.toEqual([0]);
    // The last move of each plan lands in the plan's phase.
    expect(await column(`
      SELECT count(*)::int FROM placements.return_home_plan plan
       WHERE phase <> 'DAY_VISITS' AND phase <> (SELECT to_phase FROM placements.return_home_move m WHERE m.plan_id = plan.id ORDER BY seq DESC LIMIT 1)`)).toEqual([0]);
    // Longer than 6 months only with a justification.
    expect(await column(`SELECT count(*)::int FROM placements.return_home_plan WHERE planned_end_date > start_date + interval '6 months' AND duration_justification IS NULL`)).toEqual([0]);
  });
});
