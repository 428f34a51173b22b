import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concern senders beyond the partners with a contract (issue 13): a town hall and a professional
 * in private practice are source kinds of their own, as hospitals and the police already were.
 */
export class ConcernSenderKinds1764920000000 implements MigrationInterface {
  name = 'ConcernSenderKinds1764920000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TYPE cases.concern_source_kind ADD VALUE IF NOT EXISTS 'TOWN_HALL' BEFORE 'PERSON'`);
    await runner.query(`ALTER TYPE cases.concern_source_kind ADD VALUE IF NOT EXISTS 'PRIVATE_PRACTICE' BEFORE 'PERSON'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: rebuild the type without them (their concerns become
    // PERSON). The timeline view reads the column: set aside with its definition, then made again.
    const [{ definition }] = await runner.query(`SELECT pg_get_viewdef('cases.child_timeline'::regclass, true) AS definition`);
    await runner.query(`DROP VIEW cases.child_timeline`);
    await runner.query(`ALTER TYPE cases.concern_source_kind RENAME TO concern_source_kind_old`);
    await runner.query(`CREATE TYPE cases.concern_source_kind AS ENUM
      ('SCHOOL', 'PMI', 'HOSPITAL', 'SNATED', 'PROSECUTOR', 'COURT', 'ASSOCIATION', 'POLICE', 'PERSON', 'ANONYMOUS')`);
    await runner.query(`ALTER TABLE cases.concern ALTER COLUMN source_kind TYPE cases.concern_source_kind
      USING (CASE WHEN source_kind::text IN ('TOWN_HALL', 'PRIVATE_PRACTICE') THEN 'PERSON' ELSE source_kind::text END)::cases.concern_source_kind`);
    await runner.query(`DROP TYPE cases.concern_source_kind_old`);
    await runner.query(`CREATE VIEW cases.child_timeline AS ${definition}`);
  }
}
