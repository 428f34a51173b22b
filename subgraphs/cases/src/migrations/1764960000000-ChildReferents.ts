import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Référents and evaluators are members (issue 13, the caseworker's day): a child's référents ASE
 * are département (or CRIP) members, kept with their history in `cases.child_referent`; an
 * evaluation's binôme is two distinct members (`first_evaluator_id`, `second_evaluator_id`).
 * Member ids belong to the partners subgraph: no foreign key crosses schemas.
 *
 * Existing data: the free-text referent (`child.referent_name`, `referent_phone`) and evaluator
 * names cannot be matched to members here (this subgraph never reads partners' tables, and a
 * name is no identity), so they are kept as they were, read-only: a child's free-text contact
 * is what partners read until the département assigns a référent member, which clears it; an
 * evaluation recorded before keeps its two names, with no member ids.
 */
export class ChildReferents1764960000000 implements MigrationInterface {
  name = 'ChildReferents1764960000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE cases.child_referent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        member_id uuid NOT NULL,
        since date NOT NULL DEFAULT CURRENT_DATE,
        until date,
        CONSTRAINT child_referent_period_check CHECK (until IS NULL OR until >= since)
      )`);
    // One current assignment of a member to a child; a member's current caseload by index.
    await runner.query(`CREATE UNIQUE INDEX child_referent_current_idx ON cases.child_referent (child_id, member_id) WHERE until IS NULL`);
    await runner.query(`CREATE INDEX child_referent_member_idx ON cases.child_referent (member_id, child_id) WHERE until IS NULL`);
    await runner.query(`COMMENT ON COLUMN cases.child.referent_name IS 'Free-text referent recorded before référents were members (issue 13); read-only, cleared when a référent member is assigned'`);
    await runner.query(`COMMENT ON COLUMN cases.child.referent_phone IS 'Free-text referent phone recorded before référents were members (issue 13); read-only, cleared when a référent member is assigned'`);

    await runner.query(`ALTER TABLE cases.evaluation
      ADD COLUMN first_evaluator_id uuid,
      ADD COLUMN second_evaluator_id uuid,
      ALTER COLUMN first_evaluator DROP NOT NULL,
      ALTER COLUMN second_evaluator DROP NOT NULL,
      ADD CONSTRAINT evaluation_binome_check CHECK (first_evaluator_id <> second_evaluator_id),
      ADD CONSTRAINT evaluation_evaluators_check CHECK ((first_evaluator_id IS NULL) = (second_evaluator_id IS NULL)
        AND (first_evaluator_id IS NOT NULL OR (first_evaluator IS NOT NULL AND second_evaluator IS NOT NULL)))`);
    await runner.query(`CREATE INDEX evaluation_first_evaluator_idx ON cases.evaluation (first_evaluator_id) WHERE status = 'IN_PROGRESS'`);
    await runner.query(`CREATE INDEX evaluation_second_evaluator_idx ON cases.evaluation (second_evaluator_id) WHERE status = 'IN_PROGRESS'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX cases.evaluation_second_evaluator_idx`);
    await runner.query(`DROP INDEX cases.evaluation_first_evaluator_idx`);
    // Evaluations recorded with members only get their ids as names, so that NOT NULL holds again.
    await runner.query(`UPDATE cases.evaluation SET first_evaluator = COALESCE(first_evaluator, first_evaluator_id::text),
      second_evaluator = COALESCE(second_evaluator, second_evaluator_id::text)`);
    await runner.query(`ALTER TABLE cases.evaluation
      DROP CONSTRAINT evaluation_evaluators_check,
      DROP CONSTRAINT evaluation_binome_check,
      ALTER COLUMN second_evaluator SET NOT NULL,
      ALTER COLUMN first_evaluator SET NOT NULL,
      DROP COLUMN second_evaluator_id,
      DROP COLUMN first_evaluator_id`);
    await runner.query(`COMMENT ON COLUMN cases.child.referent_phone IS NULL`);
    await runner.query(`COMMENT ON COLUMN cases.child.referent_name IS NULL`);
    await runner.query(`DROP TABLE cases.child_referent`);
  }
}
