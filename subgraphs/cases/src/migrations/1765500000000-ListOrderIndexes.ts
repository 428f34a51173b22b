import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:sweep`: two root lists walked every row of
 * their kind before sorting a page, so that they grew with the département.
 * - `measuresEnding` (open measures by planned end): a scan of every measure and a top-N sort of
 *   the open ones (31 000 at 100 000 children: 30 ms for the département, more with a slice);
 *   the open measures by (planned end, id) are walked in the page's order.
 * - `courtHearings` (a court's hearings in a period by date): every hearing of the court, by
 *   `hearing_court_child_idx`, then sorted (58 000 for the busiest court: 30 ms); by (court,
 *   scheduled_at, id), the period's first rows.
 * - `referrals` (newest first): every referral of the slice hashed, then sorted (a caseworker of
 *   the largest team 65–85 ms, a judge 80–135 ms at 100 000 children); by (sent_at, id), the
 *   newest probed one by one against the slice (1–1.5 ms).
 * With them a judge's page of any stops after its rows (0.4–1.5 ms instead of 80–200 ms).
 * Idempotent: cheap to re-run.
 */
export class ListOrderIndexes1765500000000 implements MigrationInterface {
  name = 'ListOrderIndexes1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX IF NOT EXISTS measure_open_end_idx ON cases.measure (planned_end_date, id) WHERE status IN ('ACTIVE', 'RENEWED')`);
    await runner.query(`CREATE INDEX IF NOT EXISTS hearing_court_scheduled_idx ON cases.hearing (court_id, scheduled_at, id)`);
    await runner.query(`CREATE INDEX IF NOT EXISTS referral_sent_idx ON cases.referral (sent_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS cases.referral_sent_idx`);
    await runner.query(`DROP INDEX IF EXISTS cases.hearing_court_scheduled_idx`);
    await runner.query(`DROP INDEX IF EXISTS cases.measure_open_end_idx`);
  }
}
