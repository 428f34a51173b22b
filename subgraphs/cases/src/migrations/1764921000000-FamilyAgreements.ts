import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Family agreements (issue 13): the written agreement an administrative measure rests on — the
 * parents' for an accueil provisoire or an AED (CASF L223-2), the contrat jeune majeur (CASF
 * L222-5) — with its signatures, renewals and end; a measure names the one it rests on.
 */
export class FamilyAgreements1764921000000 implements MigrationInterface {
  name = 'FamilyAgreements1764921000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE cases.family_agreement_signer_role AS ENUM ('PARENT', 'YOUNG_ADULT', 'DEPARTMENT')`);
    await runner.query(`
      CREATE TABLE cases.family_agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        measure_kind cases.measure_kind NOT NULL CHECK (measure_kind IN ('AED', 'VOLUNTARY_CARE', 'YOUNG_ADULT')),
        terms text NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        ended_on date,
        end_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until >= valid_from),
        CHECK (ended_on IS NULL OR ended_on >= valid_from),
        CHECK ((ended_on IS NULL) = (end_reason IS NULL))
      )`);
    await runner.query(`CREATE INDEX family_agreement_child_idx ON cases.family_agreement (child_id, valid_from, id)`);
    await runner.query(`
      CREATE TABLE cases.family_agreement_renewal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES cases.family_agreement (id) ON DELETE CASCADE,
        signed_on date NOT NULL,
        previous_valid_until date NOT NULL,
        new_valid_until date NOT NULL,
        terms text,
        CHECK (new_valid_until > previous_valid_until)
      )`);
    await runner.query(`CREATE INDEX family_agreement_renewal_agreement_idx ON cases.family_agreement_renewal (agreement_id, signed_on, id)`);
    await runner.query(`
      CREATE TABLE cases.family_agreement_signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES cases.family_agreement (id) ON DELETE CASCADE,
        renewal_id uuid REFERENCES cases.family_agreement_renewal (id) ON DELETE CASCADE,
        signer_name text NOT NULL,
        role cases.family_agreement_signer_role NOT NULL,
        guardian_id uuid REFERENCES cases.guardian (id),
        signed_on date NOT NULL,
        CHECK ((role = 'PARENT') = (guardian_id IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX family_agreement_signature_agreement_idx ON cases.family_agreement_signature (agreement_id, signed_on, id)`);
    await runner.query(`ALTER TABLE cases.measure ADD COLUMN family_agreement_id uuid REFERENCES cases.family_agreement (id)`);
    await runner.query(`CREATE INDEX measure_family_agreement_idx ON cases.measure (family_agreement_id) WHERE family_agreement_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE cases.measure DROP COLUMN family_agreement_id`);
    await runner.query(`DROP TABLE cases.family_agreement_signature`);
    await runner.query(`DROP TABLE cases.family_agreement_renewal`);
    await runner.query(`DROP TABLE cases.family_agreement`);
    await runner.query(`DROP TYPE cases.family_agreement_signer_role`);
  }
}
