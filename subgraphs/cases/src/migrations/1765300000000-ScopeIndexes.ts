import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size): an index for every row-scope predicate of cases. A judge's and a
 * parquet's slices are SQL predicates probed per child (row-policy.ts, `casesLocalWhere`): a
 * measure or a hearing before the court, by (court, child) — the hearing had no court index at all
 * (a sequential scan of every hearing per slice); and a concern sender's own concerns, newest
 * first, by (sender, received) rather than every concern it ever sent, sorted. The court-only and
 * sender-only indexes are prefixes of the new ones. (A child's référents by child, the other
 * scan found at 100 000, is RetentionIndexes1765200000001's `child_referent_child_idx`.)
 */
export class ScopeIndexes1765300000000 implements MigrationInterface {
  name = 'ScopeIndexes1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX measure_court_child_idx ON cases.measure (court_id, child_id)`);
    await runner.query(`DROP INDEX cases.measure_court_idx`);
    await runner.query(`CREATE INDEX hearing_court_child_idx ON cases.hearing (court_id, child_id)`);
    await runner.query(`CREATE INDEX concern_source_received_idx ON cases.concern (source_partner_id, received_at, id)`);
    await runner.query(`DROP INDEX cases.concern_source_partner_idx`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX concern_source_partner_idx ON cases.concern (source_partner_id)`);
    await runner.query(`DROP INDEX cases.concern_source_received_idx`);
    await runner.query(`DROP INDEX cases.hearing_court_child_idx`);
    await runner.query(`CREATE INDEX measure_court_idx ON cases.measure (court_id)`);
    await runner.query(`DROP INDEX cases.measure_court_child_idx`);
  }
}
