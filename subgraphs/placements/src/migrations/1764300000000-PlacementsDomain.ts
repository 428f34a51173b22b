import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: facilities in full (operator, FINESS, address, capacity by age band, approval),
 * placements under a measure with end reasons and capacity overrides, visit rights and visits,
 * return-home plans with their phases, moves and milestones.
 */
export class PlacementsDomain1764300000000 implements MigrationInterface {
  name = 'PlacementsDomain1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE placements.age_band AS ENUM ('INFANT', 'CHILD', 'TEEN', 'YOUNG_ADULT')`);
    await runner.query(`
      ALTER TABLE placements.facility
        ADD COLUMN operator_id uuid,
        ADD COLUMN finess text CHECK (finess ~ '^([0-9]{2}|2A|2B)[0-9]{7}$'),
        ADD COLUMN address text NOT NULL DEFAULT '',
        ADD COLUMN postal_code text NOT NULL DEFAULT '',
        ADD COLUMN confidential_address boolean NOT NULL DEFAULT false,
        ADD COLUMN approved_on date,
        ADD COLUMN approval_expires_on date,
        ADD COLUMN capacity_infant integer NOT NULL DEFAULT 0 CHECK (capacity_infant >= 0),
        ADD COLUMN capacity_child integer NOT NULL DEFAULT 0 CHECK (capacity_child >= 0),
        ADD COLUMN capacity_teen integer NOT NULL DEFAULT 0 CHECK (capacity_teen >= 0),
        ADD COLUMN capacity_young_adult integer NOT NULL DEFAULT 0 CHECK (capacity_young_adult >= 0),
        ADD CHECK (approval_expires_on IS NULL OR approved_on IS NULL OR approval_expires_on >= approved_on)`);
    await runner.query(`UPDATE placements.facility SET capacity_child = capacity`);
    await runner.query(`ALTER TABLE placements.facility DROP COLUMN capacity`);
    await runner.query(`ALTER TABLE placements.facility ADD COLUMN capacity integer
      GENERATED ALWAYS AS (capacity_infant + capacity_child + capacity_teen + capacity_young_adult) STORED`);
    await runner.query(`CREATE INDEX facility_commune_idx ON placements.facility (commune_code, name, id)`);
    await runner.query(`CREATE INDEX facility_operator_idx ON placements.facility (operator_id)`);

    await runner.query(`CREATE TYPE placements.placement_end_reason AS ENUM
      ('RETURN_HOME', 'TRANSFER', 'MEASURE_ENDED', 'MEASURE_LIFTED', 'ADULTHOOD', 'ADOPTION', 'BREAKDOWN', 'OTHER')`);
    await runner.query(`
      ALTER TABLE placements.placement
        ADD COLUMN measure_id uuid,
        ADD COLUMN age_band placements.age_band NOT NULL DEFAULT 'CHILD',
        ADD COLUMN planned_end_date date,
        ADD COLUMN end_reason placements.placement_end_reason,
        ADD COLUMN capacity_override_reason text,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    // Placements recorded before end reasons existed ended for a reason nobody wrote down.
    await runner.query(`UPDATE placements.placement SET end_reason = 'OTHER' WHERE end_date IS NOT NULL`);
    await runner.query(`
      ALTER TABLE placements.placement
        ADD CHECK ((end_date IS NULL) = (end_reason IS NULL)),
        ADD CHECK (planned_end_date IS NULL OR planned_end_date >= start_date),
        ADD CHECK (capacity_override_reason IS NULL OR length(btrim(capacity_override_reason)) > 0)`);
    // At most one open placement per child: the database enforces it, whatever the code does.
    await runner.query(`CREATE UNIQUE INDEX placement_one_open_per_child ON placements.placement (child_id) WHERE end_date IS NULL`);
    await runner.query(`CREATE INDEX placement_measure_idx ON placements.placement (measure_id, start_date, id)`);
    await runner.query(`CREATE INDEX placement_open_facility_idx ON placements.placement (facility_id, age_band) WHERE end_date IS NULL`);

    await runner.query(`CREATE TYPE placements.visit_right_kind AS ENUM ('FREE', 'ACCOMPANIED', 'MEDIATED', 'OVERNIGHT')`);
    await runner.query(`
      CREATE TABLE placements.visit_right (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        guardian_id uuid,
        relative_name text,
        relationship text,
        kind placements.visit_right_kind NOT NULL,
        frequency text NOT NULL,
        place text NOT NULL,
        decision text NOT NULL,
        decided_on date NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        version integer NOT NULL DEFAULT 1,
        CHECK ((guardian_id IS NULL) <> (relative_name IS NULL)),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await runner.query(`CREATE INDEX visit_right_child_idx ON placements.visit_right (child_id, starts_on, id)`);

    await runner.query(`CREATE TYPE placements.visit_status AS ENUM ('PLANNED', 'HELD', 'CANCELLED')`);
    await runner.query(`CREATE TYPE placements.visit_canceller AS ENUM ('PARENT', 'CHILD', 'FACILITY', 'DEPARTMENT', 'MEDIATOR', 'COURT')`);
    await runner.query(`
      CREATE TABLE placements.visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_right_id uuid NOT NULL REFERENCES placements.visit_right (id),
        planned_on date NOT NULL,
        status placements.visit_status NOT NULL DEFAULT 'PLANNED',
        report text,
        cancellation_reason text,
        cancelled_by placements.visit_canceller,
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'CANCELLED') = (cancellation_reason IS NOT NULL AND cancelled_by IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX visit_right_idx ON placements.visit (visit_right_id, planned_on, id)`);

    await runner.query(`CREATE TYPE placements.return_home_phase AS ENUM
      ('DAY_VISITS', 'WEEKENDS', 'HOLIDAYS', 'MAINLEVEE_REQUESTED', 'COMPLETED', 'ABANDONED')`);
    await runner.query(`
      CREATE TABLE placements.return_home_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        placement_id uuid REFERENCES placements.placement (id),
        referent_workers text[] NOT NULL,
        start_date date NOT NULL,
        planned_end_date date NOT NULL,
        duration_justification text,
        phase placements.return_home_phase NOT NULL DEFAULT 'DAY_VISITS',
        mainlevee_requested_on date,
        mainlevee_request text,
        outcome text,
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (planned_end_date > start_date),
        CHECK (cardinality(referent_workers) > 0)
      )`);
    await runner.query(`CREATE UNIQUE INDEX return_home_plan_one_open_per_child ON placements.return_home_plan (child_id)
      WHERE phase NOT IN ('COMPLETED', 'ABANDONED')`);
    await runner.query(`CREATE INDEX return_home_plan_child_idx ON placements.return_home_plan (child_id, start_date, id)`);
    await runner.query(`
      CREATE TABLE placements.return_home_phase_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES placements.return_home_plan (id) ON DELETE CASCADE,
        phase placements.return_home_phase NOT NULL,
        position integer NOT NULL,
        planned_start date NOT NULL,
        planned_end date NOT NULL,
        actual_start date,
        actual_end date,
        assessment text,
        UNIQUE (plan_id, phase),
        CHECK (planned_end >= planned_start)
      )`);
    await runner.query(`
      CREATE TABLE placements.return_home_move (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES placements.return_home_plan (id) ON DELETE CASCADE,
        from_phase placements.return_home_phase NOT NULL,
        to_phase placements.return_home_phase NOT NULL,
        moved_on date NOT NULL,
        backward boolean NOT NULL,
        reason text,
        assessment text,
        seq integer NOT NULL,
        CHECK (NOT backward OR reason IS NOT NULL),
        UNIQUE (plan_id, seq)
      )`);
    await runner.query(`
      CREATE TABLE placements.return_home_milestone (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES placements.return_home_plan (id) ON DELETE CASCADE,
        title text NOT NULL,
        due_on date NOT NULL,
        reached_on date,
        note text,
        version integer NOT NULL DEFAULT 1
      )`);
    await runner.query(`CREATE INDEX return_home_milestone_plan_idx ON placements.return_home_milestone (plan_id, due_on, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['return_home_milestone', 'return_home_move', 'return_home_phase_entry', 'return_home_plan', 'visit', 'visit_right']) {
      await runner.query(`DROP TABLE placements.${table}`);
    }
    for (const type of ['return_home_phase', 'visit_canceller', 'visit_status', 'visit_right_kind']) {
      await runner.query(`DROP TYPE placements.${type}`);
    }
    await runner.query(`DROP INDEX placements.placement_one_open_per_child`);
    await runner.query(`DROP INDEX placements.placement_measure_idx`);
    await runner.query(`DROP INDEX placements.placement_open_facility_idx`);
    await runner.query(`ALTER TABLE placements.placement DROP COLUMN measure_id, DROP COLUMN age_band, DROP COLUMN planned_end_date,
      DROP COLUMN end_reason, DROP COLUMN capacity_override_reason, DROP COLUMN created_at`);
    await runner.query(`DROP TYPE placements.placement_end_reason`);
    await runner.query(`ALTER TABLE placements.facility DROP COLUMN capacity`);
    await runner.query(`ALTER TABLE placements.facility ADD COLUMN capacity integer NOT NULL DEFAULT 0`);
    await runner.query(`UPDATE placements.facility SET capacity = capacity_infant + capacity_child + capacity_teen + capacity_young_adult`);
    await runner.query(`DROP INDEX placements.facility_commune_idx`);
    await runner.query(`DROP INDEX placements.facility_operator_idx`);
    await runner.query(`ALTER TABLE placements.facility DROP COLUMN operator_id, DROP COLUMN finess, DROP COLUMN address,
      DROP COLUMN postal_code, DROP COLUMN confidential_address, DROP COLUMN approved_on, DROP COLUMN approval_expires_on,
      DROP COLUMN capacity_infant, DROP COLUMN capacity_child, DROP COLUMN capacity_teen, DROP COLUMN capacity_young_adult`);
    await runner.query(`DROP TYPE placements.age_band`);
  }
}
