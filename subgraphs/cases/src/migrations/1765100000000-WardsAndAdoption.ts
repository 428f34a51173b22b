import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wards of the State and adoption (issue 15): a child's ward file (admission on a ground of CASF
 * L224-4, provisional period, recourse, life project, end), the family council (members, meetings,
 * decisions about each ward), the approval of adopters (agrément, CASF L225-2) and the placements
 * with a view to adoption with their follow-ups. Every table holds personal data (matrix ADOPTION).
 */
export class WardsAndAdoption1765100000000 implements MigrationInterface {
  name = 'WardsAndAdoption1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE cases.ward_ground AS ENUM ('UNKNOWN_PARENTAGE', 'SURRENDERED_BY_PARENTS', 'SURRENDERED_BY_ONE_PARENT', 'ORPHAN', 'PARENTAL_AUTHORITY_WITHDRAWN', 'JUDICIAL_DECLARATION_OF_ABANDONMENT')`);
    await runner.query(`CREATE TYPE cases.ward_end_reason AS ENUM ('RETURNED_TO_PARENT', 'RECOURSE_UPHELD', 'ADOPTED', 'MAJORITY', 'OTHER')`);
    await runner.query(`CREATE TYPE cases.family_council_capacity AS ENUM ('DEPARTMENT_COUNCIL', 'ADOPTIVE_FAMILIES_ASSOCIATION', 'WARDS_ASSOCIATION', 'FOSTER_CARERS_ASSOCIATION', 'CHILD_PROTECTION_ASSOCIATION', 'QUALIFIED_PERSON')`);
    await runner.query(`CREATE TYPE cases.family_council_decision_kind AS ENUM ('SITUATION_REVIEW', 'LIFE_PROJECT', 'MATCHING', 'CONSENT_TO_ADOPTION', 'OTHER')`);
    await runner.query(`CREATE TYPE cases.approval_decision AS ENUM ('APPROVED', 'REFUSED')`);
    await runner.query(`CREATE TYPE cases.adoption_outcome AS ENUM ('PLENARY_ADOPTION', 'SIMPLE_ADOPTION', 'PLACEMENT_ENDED')`);
    await runner.query(`
      CREATE TABLE cases.ward_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        ground cases.ward_ground NOT NULL,
        admitted_on date NOT NULL,
        judgment_on date,
        admission_order_on date,
        life_project text,
        life_project_on date,
        last_review_on date,
        ended_on date,
        end_reason cases.ward_end_reason,
        end_note text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
        CHECK (ended_on IS NULL OR ended_on >= admitted_on),
        CHECK ((life_project IS NULL) = (life_project_on IS NULL))
      )`);
    // One open ward file per child; the list reads newest admissions first.
    await runner.query(`CREATE UNIQUE INDEX ward_file_open_child_idx ON cases.ward_file (child_id) WHERE ended_on IS NULL`);
    await runner.query(`CREATE INDEX ward_file_child_idx ON cases.ward_file (child_id, admitted_on)`);
    await runner.query(`CREATE INDEX ward_file_admitted_idx ON cases.ward_file (admitted_on, id)`);
    await runner.query(`
      CREATE TABLE cases.family_council_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL,
        capacity cases.family_council_capacity NOT NULL,
        appointed_on date NOT NULL,
        mandate_until date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (mandate_until >= appointed_on)
      )`);
    await runner.query(`CREATE INDEX family_council_member_appointed_idx ON cases.family_council_member (appointed_on, id)`);
    await runner.query(`
      CREATE TABLE cases.family_council_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        held_on date NOT NULL,
        present_member_ids uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX family_council_meeting_held_idx ON cases.family_council_meeting (held_on, id)`);
    await runner.query(`
      CREATE TABLE cases.adopter_approval (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        applicant_names text NOT NULL,
        commune_code text,
        project text NOT NULL,
        requested_on date NOT NULL,
        social_assessment_on date,
        social_assessment text,
        psychological_assessment_on date,
        psychological_assessment text,
        commission_on date,
        decision cases.approval_decision,
        decided_on date,
        reasons text,
        last_confirmed_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((decision IS NULL) = (decided_on IS NULL)),
        CHECK (decision IS DISTINCT FROM 'REFUSED' OR reasons IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX adopter_approval_requested_idx ON cases.adopter_approval (requested_on, id)`);
    await runner.query(`
      CREATE TABLE cases.family_council_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES cases.family_council_meeting (id) ON DELETE CASCADE,
        ward_file_id uuid NOT NULL REFERENCES cases.ward_file (id) ON DELETE CASCADE,
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        kind cases.family_council_decision_kind NOT NULL,
        text text NOT NULL,
        approval_id uuid REFERENCES cases.adopter_approval (id),
        decided_on date NOT NULL,
        CHECK ((kind = 'MATCHING') = (approval_id IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX family_council_decision_ward_idx ON cases.family_council_decision (ward_file_id, decided_on, id)`);
    await runner.query(`CREATE INDEX family_council_decision_meeting_idx ON cases.family_council_decision (meeting_id, decided_on, id)`);
    await runner.query(`
      CREATE TABLE cases.adoption_placement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ward_file_id uuid NOT NULL REFERENCES cases.ward_file (id) ON DELETE CASCADE,
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        approval_id uuid NOT NULL REFERENCES cases.adopter_approval (id),
        matching_decision_id uuid NOT NULL REFERENCES cases.family_council_decision (id),
        placed_on date NOT NULL,
        judgment_on date,
        outcome cases.adoption_outcome,
        outcome_note text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((judgment_on IS NULL) = (outcome IS NULL)),
        CHECK (judgment_on IS NULL OR judgment_on >= placed_on)
      )`);
    // One placement running per ward.
    await runner.query(`CREATE UNIQUE INDEX adoption_placement_running_idx ON cases.adoption_placement (ward_file_id) WHERE outcome IS NULL`);
    await runner.query(`CREATE INDEX adoption_placement_ward_idx ON cases.adoption_placement (ward_file_id, placed_on, id)`);
    await runner.query(`CREATE INDEX adoption_placement_approval_idx ON cases.adoption_placement (approval_id, placed_on, id)`);
    await runner.query(`
      CREATE TABLE cases.adoption_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        placement_id uuid NOT NULL REFERENCES cases.adoption_placement (id) ON DELETE CASCADE,
        visited_on date NOT NULL,
        note text NOT NULL
      )`);
    await runner.query(`CREATE INDEX adoption_follow_up_placement_idx ON cases.adoption_follow_up (placement_id, visited_on, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE cases.adoption_follow_up`);
    await runner.query(`DROP TABLE cases.adoption_placement`);
    await runner.query(`DROP TABLE cases.family_council_decision`);
    await runner.query(`DROP TABLE cases.adopter_approval`);
    await runner.query(`DROP TABLE cases.family_council_meeting`);
    await runner.query(`DROP TABLE cases.family_council_member`);
    await runner.query(`DROP TABLE cases.ward_file`);
    for (const type of ['adoption_outcome', 'approval_decision', 'family_council_decision_kind', 'family_council_capacity', 'ward_end_reason', 'ward_ground']) {
      await runner.query(`DROP TYPE cases.${type}`);
    }
  }
}
