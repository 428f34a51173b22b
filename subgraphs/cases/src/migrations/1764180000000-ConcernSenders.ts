import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concern senders: a concern's source kind follows from the sending institution, so the two
 * institutions that may submit and had no kind of their own get one (a children's court, an
 * association); and the ids a sender named that match no child are kept for the CRIP to match
 * (a sender may name children it does not see: the answer must not tell whether they exist).
 */
export class ConcernSenders1764180000000 implements MigrationInterface {
  name = 'ConcernSenders1764180000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TYPE cases.concern_source_kind ADD VALUE IF NOT EXISTS 'COURT' BEFORE 'POLICE'`);
    await runner.query(`ALTER TYPE cases.concern_source_kind ADD VALUE IF NOT EXISTS 'ASSOCIATION' BEFORE 'POLICE'`);
    await runner.query(`ALTER TABLE cases.concern ADD COLUMN unmatched_child_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE cases.concern DROP COLUMN unmatched_child_ids`);
    // PostgreSQL cannot drop an enum value: rebuild the type without them (their concerns become PERSON).
    await runner.query(`ALTER TYPE cases.concern_source_kind RENAME TO concern_source_kind_old`);
    await runner.query(`CREATE TYPE cases.concern_source_kind AS ENUM
      ('SCHOOL', 'PMI', 'HOSPITAL', 'SNATED', 'PROSECUTOR', 'POLICE', 'PERSON', 'ANONYMOUS')`);
    await runner.query(`ALTER TABLE cases.concern ALTER COLUMN source_kind TYPE cases.concern_source_kind
      USING (CASE WHEN source_kind::text IN ('COURT', 'ASSOCIATION') THEN 'PERSON' ELSE source_kind::text END)::cases.concern_source_kind`);
    await runner.query(`DROP TYPE cases.concern_source_kind_old`);
  }
}
