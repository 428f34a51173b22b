import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size): an association's measures of a batch of children
 * (`operator_id = :me AND child_id IN (…)`, row-policy.ts `associationRows`) by (operator, child).
 * With an index on each column alone PostgreSQL ANDed two bitmaps, the operator's holding every
 * measure it ever carried out (1 800 for the largest association at 100 000 children: 3.7 ms for
 * one row); the pair is probed per child (0.2 ms). The operator-only index is its prefix (the
 * association's slice in `casesLocalScope` still uses it). Idempotent: cheap to re-run.
 */
export class AssociationScopeIndexes1765400000000 implements MigrationInterface {
  name = 'AssociationScopeIndexes1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX IF NOT EXISTS measure_operator_child_idx ON cases.measure (operator_id, child_id)`);
    await runner.query(`DROP INDEX IF EXISTS cases.measure_operator_idx`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX IF NOT EXISTS measure_operator_idx ON cases.measure (operator_id)`);
    await runner.query(`DROP INDEX IF EXISTS cases.measure_operator_child_idx`);
  }
}
