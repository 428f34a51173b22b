import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: an index under every foreign key of the cases schema that lacked one. Eliminating a
 * child deletes (or nulls) the rows pointing at its child, concern, measure, guardian and family
 * agreement rows (the measure's agreement has its partial index already); without an index each of those is a scan of the whole referencing table per row
 * deleted (5 s for a batch of 1 000 children at 100 000).
 */
export class RetentionIndexes1765200000001 implements MigrationInterface {
  name = 'RetentionIndexes1765200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX child_referent_child_idx ON cases.child_referent (child_id)');
    await runner.query('CREATE INDEX measure_concern_idx ON cases.measure (concern_id) WHERE concern_id IS NOT NULL');
    await runner.query('CREATE INDEX child_plan_measure_idx ON cases.child_plan (measure_id) WHERE measure_id IS NOT NULL');
    await runner.query('CREATE INDEX hearing_measure_idx ON cases.hearing (measure_id) WHERE measure_id IS NOT NULL');
    await runner.query('CREATE INDEX family_agreement_signature_renewal_idx ON cases.family_agreement_signature (renewal_id) WHERE renewal_id IS NOT NULL');
    await runner.query('CREATE INDEX family_agreement_signature_guardian_idx ON cases.family_agreement_signature (guardian_id) WHERE guardian_id IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of [
      'child_referent_child_idx', 'measure_concern_idx', 'child_plan_measure_idx', 'hearing_measure_idx',
      'family_agreement_signature_renewal_idx', 'family_agreement_signature_guardian_idx',
    ]) {
      await runner.query(`DROP INDEX cases.${index}`);
    }
  }
}
