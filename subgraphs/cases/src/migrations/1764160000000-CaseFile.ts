import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchKey } from '../child/child.search';

/**
 * The case file around a child: guardians and the people around the child, informations
 * préoccupantes and their evaluations and referrals, measures, the projet pour l'enfant,
 * situation reports, hearings, and the timeline view over all of them.
 * Partner ids (courts, parquets, associations, senders) reference the partners subgraph: no
 * foreign key crosses schemas.
 */
export class CaseFile1764160000000 implements MigrationInterface {
  name = 'CaseFile1764160000000';

  async up(runner: QueryRunner): Promise<void> {
    // Child: ASE referent and the accent-free search key (computed in application code, so the
    // search works on any PostgreSQL without the unaccent extension).
    await runner.query(`ALTER TABLE cases.child
      ADD COLUMN referent_name text,
      ADD COLUMN referent_phone text,
      ADD COLUMN search_name text NOT NULL DEFAULT ''`);
    const existing: { id: string; first_names: string; last_name: string }[] = await runner.query(
      `SELECT id, first_names, last_name FROM cases.child`,
    );
    for (let start = 0; start < existing.length; start += 5000) {
      const rows = existing.slice(start, start + 5000);
      await runner.query(
        `UPDATE cases.child c SET search_name = v.key
           FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE c.id = v.id`,
        [rows.map((r) => r.id), rows.map((r) => searchKey(r.first_names, r.last_name))],
      );
    }
    await runner.query(`CREATE INDEX child_search_idx ON cases.child (search_name text_pattern_ops)`);
    await runner.query(`CREATE INDEX child_birth_date_idx ON cases.child (birth_date)`);

    await runner.query(`CREATE TYPE cases.guardian_relationship AS ENUM ('MOTHER', 'FATHER', 'LEGAL_GUARDIAN', 'DEPARTMENT', 'OTHER')`);
    await runner.query(`
      CREATE TABLE cases.guardian (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        first_names text NOT NULL,
        last_name text NOT NULL,
        relationship cases.guardian_relationship NOT NULL,
        phone text,
        email text,
        address text,
        authority_ended_on date,
        authority_end_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((authority_ended_on IS NULL) = (authority_end_reason IS NULL))
      )`);
    await runner.query(`CREATE INDEX guardian_child_idx ON cases.guardian (child_id, last_name, id)`);

    await runner.query(`CREATE TYPE cases.contact_role AS ENUM ('AUTHORISED_PICKUP', 'BARRED_FROM_CONTACT')`);
    await runner.query(`CREATE TYPE cases.barring_decision_kind AS ENUM ('COURT_ORDER', 'PLACEMENT_DECISION')`);
    await runner.query(`
      CREATE TABLE cases.contact_person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        role cases.contact_role NOT NULL,
        first_names text NOT NULL,
        last_name text NOT NULL,
        relationship text NOT NULL,
        phone text,
        decision_kind cases.barring_decision_kind,
        decision_reference text,
        decision_date date,
        version integer NOT NULL DEFAULT 1,
        CHECK (role <> 'BARRED_FROM_CONTACT' OR (decision_kind IS NOT NULL AND decision_date IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX contact_person_child_idx ON cases.contact_person (child_id, last_name, id)`);

    await runner.query(`CREATE TYPE cases.concern_status AS ENUM
      ('RECEIVED', 'ACKNOWLEDGED', 'IN_EVALUATION', 'CLOSED_NO_ACTION', 'ADMINISTRATIVE_SUPPORT', 'REFERRED_TO_PROSECUTOR')`);
    await runner.query(`CREATE TYPE cases.concern_channel AS ENUM ('PHONE', 'MAIL', 'FORM', 'TRANSFER_119', 'PROSECUTOR')`);
    await runner.query(`CREATE TYPE cases.concern_source_kind AS ENUM
      ('SCHOOL', 'PMI', 'HOSPITAL', 'SNATED', 'PROSECUTOR', 'POLICE', 'PERSON', 'ANONYMOUS')`);
    await runner.query(`CREATE TYPE cases.concern_urgency AS ENUM ('NORMAL', 'URGENT', 'IMMEDIATE_DANGER')`);
    await runner.query(`CREATE TYPE cases.sender_feedback AS ENUM ('NOT_INFORMED', 'RECEIPT_CONFIRMED', 'OUTCOME_SENT')`);
    await runner.query(`
      CREATE TABLE cases.concern (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        received_at timestamptz NOT NULL,
        channel cases.concern_channel NOT NULL,
        source_kind cases.concern_source_kind NOT NULL,
        source_partner_id uuid,
        source_person_name text,
        source_person_contact text,
        urgency cases.concern_urgency NOT NULL,
        content text NOT NULL,
        status cases.concern_status NOT NULL DEFAULT 'RECEIVED',
        idempotency_key text,
        request_hash text,
        parents_informed boolean,
        parents_not_informed_reason text,
        sender_feedback cases.sender_feedback NOT NULL DEFAULT 'NOT_INFORMED',
        sender_informed_at timestamptz,
        acknowledged_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parents_informed IS DISTINCT FROM false OR parents_not_informed_reason IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX concern_received_idx ON cases.concern (received_at, id)`);
    await runner.query(`CREATE INDEX concern_status_idx ON cases.concern (status, received_at, id)`);
    await runner.query(`CREATE INDEX concern_source_partner_idx ON cases.concern (source_partner_id)`);
    // An idempotency key is the sender's own: unique per sending institution (or among senders without one).
    await runner.query(`CREATE UNIQUE INDEX concern_idempotency_idx ON cases.concern
      (COALESCE(source_partner_id, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
      WHERE idempotency_key IS NOT NULL`);
    await runner.query(`
      CREATE TABLE cases.concern_child (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        concern_id uuid NOT NULL REFERENCES cases.concern (id) ON DELETE CASCADE,
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL,
        UNIQUE (concern_id, child_id)
      )`);
    await runner.query(`CREATE INDEX concern_child_child_idx ON cases.concern_child (child_id, received_at, id)`);

    await runner.query(`CREATE TYPE cases.evaluation_status AS ENUM ('IN_PROGRESS', 'CONCLUDED')`);
    await runner.query(`CREATE TYPE cases.evaluation_outcome AS ENUM ('CLOSED_NO_ACTION', 'ADMINISTRATIVE_SUPPORT', 'REFERRED_TO_PROSECUTOR')`);
    await runner.query(`
      CREATE TABLE cases.evaluation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        concern_id uuid NOT NULL REFERENCES cases.concern (id) ON DELETE CASCADE,
        first_evaluator text NOT NULL,
        second_evaluator text NOT NULL,
        started_at timestamptz NOT NULL,
        due_on date NOT NULL,
        status cases.evaluation_status NOT NULL DEFAULT 'IN_PROGRESS',
        findings text,
        recommendation text,
        outcome cases.evaluation_outcome,
        concluded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK (first_evaluator <> second_evaluator),
        CHECK ((status = 'CONCLUDED') = (outcome IS NOT NULL AND concluded_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX evaluation_concern_idx ON cases.evaluation (concern_id, started_at, id)`);
    await runner.query(`CREATE INDEX evaluation_due_idx ON cases.evaluation (due_on, id) WHERE status = 'IN_PROGRESS'`);
    // At most one evaluation in progress per concern.
    await runner.query(`CREATE UNIQUE INDEX evaluation_open_idx ON cases.evaluation (concern_id) WHERE status = 'IN_PROGRESS'`);

    await runner.query(`CREATE TYPE cases.referral_decision AS ENUM ('SEIZE_JUDGE', 'CLOSE', 'RETURN_FOR_EVALUATION')`);
    await runner.query(`
      CREATE TABLE cases.referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        concern_id uuid NOT NULL REFERENCES cases.concern (id) ON DELETE CASCADE,
        prosecutor_office_id uuid NOT NULL,
        sent_at timestamptz NOT NULL,
        reason text NOT NULL,
        immediate_danger boolean NOT NULL DEFAULT false,
        decision cases.referral_decision,
        decided_on date,
        version integer NOT NULL DEFAULT 1,
        CHECK ((decision IS NULL) = (decided_on IS NULL))
      )`);
    await runner.query(`CREATE INDEX referral_concern_idx ON cases.referral (concern_id, sent_at, id)`);
    await runner.query(`CREATE INDEX referral_prosecutor_idx ON cases.referral (prosecutor_office_id, sent_at, id)`);

    await runner.query(`CREATE TYPE cases.measure_kind AS ENUM ('AED', 'AEMO', 'VOLUNTARY_CARE', 'EMERGENCY_ORDER',
      'COURT_PLACEMENT', 'TRUSTED_THIRD_PARTY', 'DELEGATION_OF_PARENTAL_AUTHORITY', 'GUARDIANSHIP', 'WARD_OF_THE_STATE', 'YOUNG_ADULT')`);
    await runner.query(`CREATE TYPE cases.measure_status AS ENUM ('PROPOSED', 'ACTIVE', 'RENEWED', 'ENDED', 'LIFTED')`);
    await runner.query(`
      CREATE TABLE cases.measure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        concern_id uuid REFERENCES cases.concern (id) ON DELETE SET NULL,
        kind cases.measure_kind NOT NULL,
        judicial boolean NOT NULL,
        status cases.measure_status NOT NULL DEFAULT 'PROPOSED',
        court_id uuid,
        decision_date date,
        start_date date NOT NULL,
        planned_end_date date,
        ended_on date,
        lifted_at date,
        close_reason text,
        operator_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT judicial OR court_id IS NOT NULL),
        CHECK (lifted_at IS NULL OR ended_on IS NULL),
        CHECK (planned_end_date IS NULL OR planned_end_date >= start_date)
      )`);
    await runner.query(`CREATE INDEX measure_child_idx ON cases.measure (child_id, start_date, id)`);
    await runner.query(`CREATE INDEX measure_court_idx ON cases.measure (court_id)`);
    await runner.query(`CREATE INDEX measure_operator_idx ON cases.measure (operator_id)`);
    await runner.query(`
      CREATE TABLE cases.measure_renewal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        measure_id uuid NOT NULL REFERENCES cases.measure (id) ON DELETE CASCADE,
        decision_date date NOT NULL,
        previous_end_date date,
        new_end_date date NOT NULL,
        reason text NOT NULL
      )`);
    await runner.query(`CREATE INDEX measure_renewal_measure_idx ON cases.measure_renewal (measure_id, decision_date, id)`);

    await runner.query(`CREATE TYPE cases.plan_status AS ENUM ('DRAFT', 'IN_FORCE', 'SUPERSEDED')`);
    await runner.query(`CREATE TYPE cases.plan_domain AS ENUM
      ('HEALTH', 'SCHOOLING', 'FAMILY_TIES', 'DAILY_LIFE', 'LEISURE', 'AUTONOMY', 'SAFETY', 'EMOTIONAL_DEVELOPMENT')`);
    await runner.query(`CREATE TYPE cases.objective_status AS ENUM ('OPEN', 'ACHIEVED', 'ABANDONED')`);
    await runner.query(`CREATE TYPE cases.plan_signer_role AS ENUM ('CHILD', 'PARENT', 'GUARDIAN', 'DEPARTMENT', 'CARER')`);
    await runner.query(`
      CREATE TABLE cases.child_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        measure_id uuid REFERENCES cases.measure (id) ON DELETE SET NULL,
        status cases.plan_status NOT NULL DEFAULT 'DRAFT',
        drawn_up_on date NOT NULL,
        in_force_from date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX child_plan_child_idx ON cases.child_plan (child_id, drawn_up_on, id)`);
    await runner.query(`CREATE UNIQUE INDEX child_plan_in_force_idx ON cases.child_plan (child_id) WHERE status = 'IN_FORCE'`);
    await runner.query(`
      CREATE TABLE cases.plan_need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES cases.child_plan (id) ON DELETE CASCADE,
        domain cases.plan_domain NOT NULL,
        description text NOT NULL,
        position integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX plan_need_plan_idx ON cases.plan_need (plan_id, position)`);
    await runner.query(`
      CREATE TABLE cases.plan_objective (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES cases.child_plan (id) ON DELETE CASCADE,
        domain cases.plan_domain NOT NULL,
        description text NOT NULL,
        owner text NOT NULL,
        target_date date,
        status cases.objective_status NOT NULL DEFAULT 'OPEN',
        position integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX plan_objective_plan_idx ON cases.plan_objective (plan_id, position)`);
    await runner.query(`
      CREATE TABLE cases.plan_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        objective_id uuid NOT NULL REFERENCES cases.plan_objective (id) ON DELETE CASCADE,
        description text NOT NULL,
        owner text NOT NULL,
        due_on date,
        done_on date,
        position integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX plan_action_objective_idx ON cases.plan_action (objective_id, position)`);
    await runner.query(`
      CREATE TABLE cases.plan_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES cases.child_plan (id) ON DELETE CASCADE,
        reviewed_on date NOT NULL,
        reviewer text NOT NULL,
        summary text NOT NULL,
        child_words text,
        child_present boolean NOT NULL
      )`);
    await runner.query(`CREATE INDEX plan_review_plan_idx ON cases.plan_review (plan_id, reviewed_on, id)`);
    await runner.query(`
      CREATE TABLE cases.plan_signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES cases.child_plan (id) ON DELETE CASCADE,
        signer_name text NOT NULL,
        signer_role cases.plan_signer_role NOT NULL,
        signed_on date NOT NULL
      )`);
    await runner.query(`CREATE INDEX plan_signature_plan_idx ON cases.plan_signature (plan_id, signed_on, id)`);

    await runner.query(`CREATE TYPE cases.report_status AS ENUM ('DRAFT', 'SENT')`);
    await runner.query(`
      CREATE TABLE cases.situation_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        measure_id uuid NOT NULL REFERENCES cases.measure (id) ON DELETE CASCADE,
        due_on date NOT NULL,
        status cases.report_status NOT NULL DEFAULT 'DRAFT',
        content text,
        sent_on date,
        sent_to_id uuid,
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'SENT') = (sent_on IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX situation_report_child_idx ON cases.situation_report (child_id, due_on, id)`);
    await runner.query(`CREATE INDEX situation_report_measure_idx ON cases.situation_report (measure_id, due_on)`);
    await runner.query(`CREATE INDEX situation_report_due_idx ON cases.situation_report (due_on, id) WHERE status = 'DRAFT'`);

    await runner.query(`
      CREATE TABLE cases.hearing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        measure_id uuid REFERENCES cases.measure (id) ON DELETE SET NULL,
        court_id uuid NOT NULL,
        scheduled_at timestamptz NOT NULL,
        purpose text NOT NULL,
        outcome text,
        version integer NOT NULL DEFAULT 1
      )`);
    await runner.query(`CREATE INDEX hearing_child_idx ON cases.hearing (child_id, scheduled_at, id)`);

    // Everything that happened to a child, one row per event. Dates become midnight UTC; a
    // proposed measure counts from when it was proposed, not from its planned start.
    await runner.query(`
      CREATE VIEW cases.child_timeline AS
        SELECT 'CONCERN_RECEIVED:' || c.id || ':' || cc.child_id AS id, cc.child_id, c.received_at AS occurred_at,
               'CONCERN_RECEIVED' AS kind, 'Concern' AS subject_type, c.id AS subject_id,
               'Information préoccupante reçue (' || c.source_kind || ', ' || c.urgency || ')' AS summary
          FROM cases.concern_child cc JOIN cases.concern c ON c.id = cc.concern_id
        UNION ALL
        SELECT 'EVALUATION_STARTED:' || e.id || ':' || cc.child_id, cc.child_id, e.started_at,
               'EVALUATION_STARTED', 'Evaluation', e.id,
               'Évaluation commencée par ' || e.first_evaluator || ' et ' || e.second_evaluator || ', due le ' || e.due_on
          FROM cases.evaluation e JOIN cases.concern_child cc ON cc.concern_id = e.concern_id
        UNION ALL
        SELECT 'EVALUATION_CONCLUDED:' || e.id || ':' || cc.child_id, cc.child_id, e.concluded_at,
               'EVALUATION_CONCLUDED', 'Evaluation', e.id, 'Évaluation conclue : ' || e.outcome
          FROM cases.evaluation e JOIN cases.concern_child cc ON cc.concern_id = e.concern_id
         WHERE e.status = 'CONCLUDED'
        UNION ALL
        SELECT 'REFERRAL_SENT:' || r.id || ':' || cc.child_id, cc.child_id, r.sent_at,
               'REFERRAL_SENT', 'Referral', r.id, 'Signalement au parquet'
          FROM cases.referral r JOIN cases.concern_child cc ON cc.concern_id = r.concern_id
        UNION ALL
        SELECT 'REFERRAL_DECIDED:' || r.id || ':' || cc.child_id, cc.child_id, r.decided_on::timestamp AT TIME ZONE 'UTC',
               'REFERRAL_DECIDED', 'Referral', r.id, 'Décision du parquet : ' || r.decision
          FROM cases.referral r JOIN cases.concern_child cc ON cc.concern_id = r.concern_id
         WHERE r.decision IS NOT NULL
        UNION ALL
        SELECT 'MEASURE_STARTED:' || m.id, m.child_id,
               CASE WHEN m.status = 'PROPOSED' THEN m.created_at ELSE m.start_date::timestamp AT TIME ZONE 'UTC' END,
               'MEASURE_STARTED', 'Measure', m.id, 'Mesure ' || m.kind || CASE WHEN m.status = 'PROPOSED' THEN ' proposée' ELSE ' commencée' END
          FROM cases.measure m
        UNION ALL
        SELECT 'MEASURE_RENEWED:' || mr.id, m.child_id, mr.decision_date::timestamp AT TIME ZONE 'UTC',
               'MEASURE_RENEWED', 'Measure', m.id, 'Mesure ' || m.kind || ' renouvelée jusqu''au ' || mr.new_end_date
          FROM cases.measure_renewal mr JOIN cases.measure m ON m.id = mr.measure_id
        UNION ALL
        SELECT 'MEASURE_CLOSED:' || m.id, m.child_id, coalesce(m.lifted_at, m.ended_on)::timestamp AT TIME ZONE 'UTC',
               'MEASURE_CLOSED', 'Measure', m.id,
               'Mesure ' || m.kind || CASE WHEN m.lifted_at IS NOT NULL THEN ' levée (mainlevée)' ELSE ' terminée' END
          FROM cases.measure m WHERE m.status IN ('ENDED', 'LIFTED')
        UNION ALL
        SELECT 'PLAN_DRAWN_UP:' || p.id, p.child_id, p.drawn_up_on::timestamp AT TIME ZONE 'UTC',
               'PLAN_DRAWN_UP', 'ChildPlan', p.id, 'Projet pour l''enfant rédigé'
          FROM cases.child_plan p
        UNION ALL
        SELECT 'PLAN_REVIEWED:' || pr.id, p.child_id, pr.reviewed_on::timestamp AT TIME ZONE 'UTC',
               'PLAN_REVIEWED', 'ChildPlan', p.id, 'Projet pour l''enfant révisé'
          FROM cases.plan_review pr JOIN cases.child_plan p ON p.id = pr.plan_id
        UNION ALL
        SELECT 'REPORT_SENT:' || s.id, s.child_id, s.sent_on::timestamp AT TIME ZONE 'UTC',
               'REPORT_SENT', 'SituationReport', s.id, 'Rapport de situation envoyé'
          FROM cases.situation_report s WHERE s.status = 'SENT'
        UNION ALL
        SELECT 'HEARING:' || h.id, h.child_id, h.scheduled_at,
               'HEARING', 'Hearing', h.id, 'Audience : ' || h.purpose
          FROM cases.hearing h`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP VIEW cases.child_timeline`);
    for (const table of ['hearing', 'situation_report', 'plan_signature', 'plan_review', 'plan_action', 'plan_objective',
      'plan_need', 'child_plan', 'measure_renewal', 'measure', 'referral', 'evaluation', 'concern_child', 'concern',
      'contact_person', 'guardian']) {
      await runner.query(`DROP TABLE cases.${table}`);
    }
    for (const type of ['report_status', 'plan_signer_role', 'objective_status', 'plan_domain', 'plan_status',
      'measure_status', 'measure_kind', 'referral_decision', 'evaluation_outcome', 'evaluation_status', 'sender_feedback',
      'concern_urgency', 'concern_source_kind', 'concern_channel', 'concern_status', 'barring_decision_kind', 'contact_role',
      'guardian_relationship']) {
      await runner.query(`DROP TYPE cases.${type}`);
    }
    await runner.query(`ALTER TABLE cases.child DROP COLUMN referent_name, DROP COLUMN referent_phone, DROP COLUMN search_name`);
  }
}
