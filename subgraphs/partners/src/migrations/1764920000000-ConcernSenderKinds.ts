import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concern senders beyond the partners with a contract (issue 13): town halls and professionals in
 * private practice send informations préoccupantes too (CASF L226-2-1), as hospitals and the police
 * already could; they act as the `concern_sender` audience.
 */
export class ConcernSenderKinds1764920000000 implements MigrationInterface {
  name = 'ConcernSenderKinds1764920000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TYPE partners.partner_kind ADD VALUE IF NOT EXISTS 'TOWN_HALL' BEFORE 'DEPARTMENT'`);
    await runner.query(`ALTER TYPE partners.partner_kind ADD VALUE IF NOT EXISTS 'PRIVATE_PRACTICE' BEFORE 'DEPARTMENT'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: rebuild the type without them (their rows must go first).
    const gone = `SELECT id FROM partners.partner WHERE kind::text IN ('TOWN_HALL', 'PRIVATE_PRACTICE')`;
    await runner.query(`DELETE FROM partners.agreement WHERE partner_id IN (${gone})`);
    await runner.query(`DELETE FROM partners.partner_member WHERE partner_id IN (${gone})`);
    await runner.query(`DELETE FROM partners.partner WHERE id IN (${gone})`);
    // The checks comparing `kind` with literals are typed by the old enum: dropped, then made again.
    await runner.query(`ALTER TABLE partners.partner DROP CONSTRAINT partner_uai_kind, DROP CONSTRAINT partner_siret_kind, DROP CONSTRAINT partner_jurisdiction_kind`);
    await runner.query(`ALTER TYPE partners.partner_kind RENAME TO partner_kind_old`);
    await runner.query(`CREATE TYPE partners.partner_kind AS ENUM
      ('SCHOOL', 'PMI', 'COURT', 'PROSECUTOR', 'ASSOCIATION', 'CRIP', 'SNATED', 'HOSPITAL', 'POLICE', 'DEPARTMENT', 'OBSERVATORY')`);
    await runner.query(`ALTER TABLE partners.partner ALTER COLUMN kind TYPE partners.partner_kind USING kind::text::partners.partner_kind`);
    await runner.query(`DROP TYPE partners.partner_kind_old`);
    await runner.query(`
      ALTER TABLE partners.partner
        ADD CONSTRAINT partner_uai_kind CHECK ((kind = 'SCHOOL') = (uai IS NOT NULL)),
        ADD CONSTRAINT partner_siret_kind CHECK (kind <> 'ASSOCIATION' OR siret IS NOT NULL),
        ADD CONSTRAINT partner_jurisdiction_kind CHECK (kind IN ('COURT', 'PROSECUTOR') OR jurisdiction = '[]'::jsonb)`);
  }
}
