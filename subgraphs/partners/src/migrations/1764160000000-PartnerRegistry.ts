import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry proper: natural codes split by register (UAI, SIRET, FINESS), address and
 * contacts, closure, court jurisdictions; members, agreements and PMI follow-ups.
 */
export class PartnerRegistry1764160000000 implements MigrationInterface {
  name = 'PartnerRegistry1764160000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE partners.partner
        ADD COLUMN uai text UNIQUE,
        ADD COLUMN siret text UNIQUE,
        ADD COLUMN finess text UNIQUE,
        ADD COLUMN address text,
        ADD COLUMN postal_code text,
        ADD COLUMN phone text,
        ADD COLUMN email text,
        ADD COLUMN closed_on date,
        ADD COLUMN jurisdiction jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await runner.query(`UPDATE partners.partner SET uai = code WHERE kind = 'SCHOOL'`);
    await runner.query(`UPDATE partners.partner SET siret = code WHERE kind = 'ASSOCIATION'`);
    await runner.query(`UPDATE partners.partner SET finess = code WHERE kind NOT IN ('SCHOOL', 'ASSOCIATION')`);
    await runner.query(`ALTER TABLE partners.partner DROP COLUMN code`);
    await runner.query(`
      ALTER TABLE partners.partner
        ADD CONSTRAINT partner_uai_kind CHECK ((kind = 'SCHOOL') = (uai IS NOT NULL)),
        ADD CONSTRAINT partner_siret_kind CHECK (kind <> 'ASSOCIATION' OR siret IS NOT NULL),
        ADD CONSTRAINT partner_jurisdiction_kind CHECK (kind IN ('COURT', 'PROSECUTOR') OR jurisdiction = '[]'::jsonb),
        ADD CONSTRAINT partner_closed CHECK (closed_on IS NULL OR NOT active)`);
    await runner.query(`CREATE INDEX partner_commune_idx ON partners.partner (commune_code, name, id)`);
    await runner.query(`CREATE INDEX partner_jurisdiction_idx ON partners.partner USING gin (jurisdiction jsonb_path_ops)`);

    await runner.query(`
      CREATE TABLE partners.partner_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners.partner (id),
        first_name text NOT NULL,
        last_name text NOT NULL,
        role text NOT NULL,
        email text NOT NULL,
        phone text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (email = lower(email))
      )`);
    await runner.query(`CREATE UNIQUE INDEX partner_member_email_idx ON partners.partner_member (email)`);
    await runner.query(`CREATE INDEX partner_member_partner_idx ON partners.partner_member (partner_id, last_name, id)`);

    await runner.query(`CREATE TYPE partners.data_category AS ENUM
      ('CHILD_IDENTITY', 'PROTECTED_STATUS', 'PARENTAL_AUTHORITY', 'CONCERN_CONTENT', 'OWN_CONCERN_STATUS',
       'CONCERN_SUBMISSION', 'EVALUATION_REPORTS', 'MEASURES', 'CHILD_PLAN_OBJECTIVES', 'SITUATION_REPORTS',
       'PLACEMENTS', 'VISIT_RIGHTS', 'RETURN_HOME_PLAN', 'HEALTH_FOLLOW_UP', 'SCHOOLING', 'AUDIT_LOG', 'AGGREGATES')`);
    await runner.query(`
      CREATE TABLE partners.agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners.partner (id),
        reference text NOT NULL UNIQUE,
        title text NOT NULL,
        purposes text[] NOT NULL,
        data_categories partners.data_category[] NOT NULL,
        signed_on date NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        signatories jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until >= valid_from),
        CHECK (cardinality(purposes) > 0),
        CHECK (cardinality(data_categories) > 0),
        CHECK (jsonb_array_length(signatories) > 0)
      )`);
    await runner.query(`CREATE INDEX agreement_partner_idx ON partners.agreement (partner_id, valid_from, id)`);
    await runner.query(`CREATE INDEX agreement_until_idx ON partners.agreement (valid_until, id)`);

    await runner.query(`
      CREATE TABLE partners.health_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        pmi_id uuid NOT NULL REFERENCES partners.partner (id),
        start_date date NOT NULL,
        end_date date,
        reason text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await runner.query(`CREATE INDEX health_follow_up_child_idx ON partners.health_follow_up (child_id, start_date, id)`);
    await runner.query(`CREATE INDEX health_follow_up_pmi_idx ON partners.health_follow_up (pmi_id, start_date, id)`);
    await runner.query(`CREATE INDEX enrollment_school_start_idx ON partners.enrollment (school_id, start_date, id)`);
  }

  /** Lossy by nature: members, agreements, follow-ups, contacts and a second code are dropped. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX partners.enrollment_school_start_idx`);
    await runner.query(`DROP TABLE partners.health_follow_up`);
    await runner.query(`DROP TABLE partners.agreement`);
    await runner.query(`DROP TYPE partners.data_category`);
    await runner.query(`DROP TABLE partners.partner_member`);
    await runner.query(`DROP INDEX partners.partner_jurisdiction_idx`);
    await runner.query(`DROP INDEX partners.partner_commune_idx`);
    await runner.query(`ALTER TABLE partners.partner ADD COLUMN code text UNIQUE`);
    await runner.query(`UPDATE partners.partner SET code = coalesce(uai, siret, finess)`);
    await runner.query(`
      ALTER TABLE partners.partner
        DROP CONSTRAINT partner_uai_kind, DROP CONSTRAINT partner_siret_kind,
        DROP CONSTRAINT partner_jurisdiction_kind, DROP CONSTRAINT partner_closed,
        DROP COLUMN uai, DROP COLUMN siret, DROP COLUMN finess, DROP COLUMN address, DROP COLUMN postal_code,
        DROP COLUMN phone, DROP COLUMN email, DROP COLUMN closed_on, DROP COLUMN jurisdiction,
        DROP COLUMN created_at, DROP COLUMN updated_at`);
  }
}
