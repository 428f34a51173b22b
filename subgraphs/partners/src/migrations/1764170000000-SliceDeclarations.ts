import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrolments and PMI follow-ups put a child in a partner's slice, so a partner must not create
 * them alone (issue 10, class 3: a school enrolled a child it did not have, then read the child's
 * file). What a school or a PMI centre records is a declaration (DECLARED), outside its slice
 * until the département confirms it (CONFIRMED) or rejects it (REJECTED). Rows recorded so far
 * were facts already in force: they are CONFIRMED.
 */
export class SliceDeclarations1764170000000 implements MigrationInterface {
  name = 'SliceDeclarations1764170000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE partners.declaration_status AS ENUM ('DECLARED', 'CONFIRMED', 'REJECTED')`);
    for (const table of ['enrollment', 'health_follow_up']) {
      await runner.query(`
        ALTER TABLE partners.${table}
          ADD COLUMN status partners.declaration_status NOT NULL DEFAULT 'CONFIRMED',
          ADD COLUMN declared_by text,
          ADD COLUMN declared_at timestamptz,
          ADD COLUMN decided_by text,
          ADD COLUMN decided_at timestamptz,
          ADD COLUMN rejection_reason text,
          ADD CONSTRAINT ${table}_declared CHECK ((declared_at IS NULL) = (declared_by IS NULL)),
          ADD CONSTRAINT ${table}_decided CHECK ((decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL OR declared_at IS NOT NULL)),
          ADD CONSTRAINT ${table}_pending CHECK (status <> 'DECLARED' OR (declared_at IS NOT NULL AND decided_at IS NULL AND end_date IS NULL)),
          ADD CONSTRAINT ${table}_rejected CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)
            AND (status <> 'REJECTED' OR (decided_at IS NOT NULL AND end_date IS NULL)))`);
      // The département's work queue: pending declarations, oldest first.
      await runner.query(`CREATE INDEX ${table}_pending_idx ON partners.${table} (declared_at, id) WHERE status = 'DECLARED'`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['enrollment', 'health_follow_up']) {
      // Declarations never confirmed were never facts: they go with the columns.
      await runner.query(`DELETE FROM partners.${table} WHERE status <> 'CONFIRMED'`);
      await runner.query(`DROP INDEX partners.${table}_pending_idx`);
      await runner.query(`
        ALTER TABLE partners.${table}
          DROP CONSTRAINT ${table}_declared, DROP CONSTRAINT ${table}_decided,
          DROP CONSTRAINT ${table}_pending, DROP CONSTRAINT ${table}_rejected,
          DROP COLUMN status, DROP COLUMN declared_by, DROP COLUMN declared_at,
          DROP COLUMN decided_by, DROP COLUMN decided_at, DROP COLUMN rejection_reason`);
    }
    await runner.query(`DROP TYPE partners.declaration_status`);
  }
}
