import type { ChildFacts, RetentionModule, RetentionQueryable } from '@passerelle/common';

/**
 * The cases schema's part of the retention job (issue 15): SQL on `cases.*` only, run by the job
 * inside its transaction (the job never writes this schema's SQL itself, and no other subgraph's
 * module touches it).
 *
 * Last contact: the latest dated act of the file — a concern received or its evaluation concluded,
 * a measure decided, started, ended or lifted, a hearing held, a plan drawn up or reviewed, a
 * report sent, a family agreement in force. Open: a measure not ended or lifted, a concern still
 * being processed, a hearing to come, a family agreement in force.
 * Facts: WARD (a measure on parental authority: ward of the State, guardianship, delegation; or a
 * ward file of the adoption team);
 * NO_FOLLOW_UP (only concerns, all closed without action: no measure, no plan).
 */
const FACTS_SQL = `
  SELECT ch.id AS child_id,
         to_char(COALESCE(GREATEST(m.last, c.last, h.last, p.last, r.last, f.last, wf.last), ch.created_at::date), 'YYYY-MM-DD') AS last,
         COALESCE(m.open, false) OR COALESCE(c.open, false) OR COALESCE(h.open, false) OR COALESCE(f.open, false) OR COALESCE(wf.open, false) AS open,
         COALESCE(m.ward, false) OR wf.n > 0 AS ward,
         (m.n = 0 AND p.n = 0 AND COALESCE(c.closed_no_action, false)) AS no_follow_up
    FROM cases.child ch
    -- One index lookup per child and table (LATERAL): a batch costs its children, not the tables' size.
    CROSS JOIN LATERAL (
      SELECT max(GREATEST(decision_date, start_date, ended_on, lifted_at)) FILTER (WHERE GREATEST(decision_date, start_date, ended_on, lifted_at) <= $2) AS last,
             bool_or(status NOT IN ('ENDED', 'LIFTED')) AS open,
             bool_or(kind IN ('WARD_OF_THE_STATE', 'GUARDIANSHIP', 'DELEGATION_OF_PARENTAL_AUTHORITY')) AS ward,
             count(*) AS n
        FROM cases.measure WHERE child_id = ch.id) m
    CROSS JOIN LATERAL (
      SELECT max(GREATEST(co.received_at::date, e.concluded)) AS last,
             bool_or(co.status IN ('RECEIVED', 'ACKNOWLEDGED', 'IN_EVALUATION')) AS open,
             bool_and(co.status = 'CLOSED_NO_ACTION') AS closed_no_action
        FROM cases.concern_child cc JOIN cases.concern co ON co.id = cc.concern_id
        CROSS JOIN LATERAL (SELECT max(concluded_at)::date AS concluded FROM cases.evaluation WHERE concern_id = co.id) e
       WHERE cc.child_id = ch.id) c
    CROSS JOIN LATERAL (
      SELECT max(scheduled_at::date) FILTER (WHERE scheduled_at::date <= $2) AS last, bool_or(scheduled_at::date > $2) AS open
        FROM cases.hearing WHERE child_id = ch.id) h
    CROSS JOIN LATERAL (
      SELECT max(GREATEST(pl.drawn_up_on, pl.in_force_from, (SELECT max(reviewed_on) FROM cases.plan_review WHERE plan_id = pl.id))) AS last, count(*) AS n
        FROM cases.child_plan pl WHERE pl.child_id = ch.id) p
    CROSS JOIN LATERAL (SELECT max(sent_on) AS last FROM cases.situation_report WHERE child_id = ch.id) r
    CROSS JOIN LATERAL (
      SELECT max(GREATEST(valid_from, ended_on, LEAST(valid_until, $2))) AS last, bool_or(ended_on IS NULL AND valid_until >= $2) AS open
        FROM cases.family_agreement WHERE child_id = ch.id) f
    -- A ward of the State's file (adoption team): a WARD fact whatever the measures say; its
    -- council's decisions, placement with a view to adoption and follow-ups are contacts.
    CROSS JOIN LATERAL (
      SELECT max(GREATEST(w.admitted_on, w.judgment_on, w.last_review_on, w.ended_on,
                          (SELECT max(decided_on) FROM cases.family_council_decision d WHERE d.ward_file_id = w.id),
                          (SELECT max(GREATEST(ap.placed_on, ap.judgment_on, (SELECT max(visited_on) FROM cases.adoption_follow_up fu WHERE fu.placement_id = ap.id)))
                             FROM cases.adoption_placement ap WHERE ap.ward_file_id = w.id))) FILTER (WHERE true) AS last,
             bool_or(w.ended_on IS NULL) AS open,
             count(*) AS n
        FROM cases.ward_file w WHERE w.child_id = ch.id) wf
   WHERE ch.id IN (SELECT unnest($1::uuid[]))`;

/** The concerns that go with these children: those naming no other child (`$1`: the children). */
const OWN_CONCERNS_SQL = `
  SELECT DISTINCT cc.concern_id FROM cases.concern_child cc
   WHERE cc.child_id IN (SELECT unnest($1::uuid[]))
     AND NOT EXISTS (SELECT 1 FROM cases.concern_child o WHERE o.concern_id = cc.concern_id AND NOT (o.child_id IN (SELECT unnest($1::uuid[]))))`;

export interface CasesRetention extends RetentionModule {
  /** A page of children in id order after `after`, with their birth date and whether they are archived. */
  children(db: RetentionQueryable, after: string | null, limit: number): Promise<{ id: string; birthDate: string | null; archived: boolean }[]>;
  /**
   * Concerns that name no child (an IP whose child was never matched) closed without action:
   * archived `archiveMonths` after they were closed, eliminated after `purgeMonths`. Batched.
   */
  orphanConcerns(db: RetentionQueryable, today: string, archiveMonths: number, purgeMonths: number, after: string | null, limit: number): Promise<{ archive: string[]; purge: string[]; last: string | null }>;
  archiveConcerns(db: RetentionQueryable, concernIds: readonly string[], family: string, at: Date): Promise<number>;
  purgeConcerns(db: RetentionQueryable, concernIds: readonly string[]): Promise<number>;
}

async function deleteConcerns(db: RetentionQueryable, concernIds: readonly string[]): Promise<number> {
  if (concernIds.length === 0) return 0;
  let rows = 0;
  rows += (await db.query(
    `DELETE FROM cases.notification n
      USING (SELECT unnest($1::uuid[]) AS id UNION ALL SELECT id FROM cases.evaluation WHERE concern_id IN (SELECT unnest($1::uuid[]))) s
      WHERE n.subject_id = s.id`,
    [concernIds],
  )).rowCount ?? 0;
  rows += (await db.query('DELETE FROM cases.concern WHERE id IN (SELECT unnest($1::uuid[]))', [concernIds])).rowCount ?? 0;
  await db.query('DELETE FROM cases.archived_concern WHERE concern_id IN (SELECT unnest($1::uuid[]))', [concernIds]);
  return rows;
}

export const casesRetention: CasesRetention = {
  schema: 'cases',

  async children(db, after, limit) {
    const { rows } = await db.query<{ id: string; birth_date: string | null; archived: boolean }>(
      `SELECT c.id, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, (a.child_id IS NOT NULL) AS archived
         FROM cases.child c LEFT JOIN cases.archived_child a ON a.child_id = c.id
        WHERE ($1::uuid IS NULL OR c.id > $1::uuid) ORDER BY c.id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => ({ id: r.id, birthDate: r.birth_date, archived: r.archived }));
  },

  facts: (db, childIds, today) => casesFacts(db, childIds, today),

  async archive(db, childIds, family, at) {
    if (childIds.length === 0) return 0;
    const marked = await db.query(
      `INSERT INTO cases.archived_child (child_id, archived_at, family)
       SELECT id, $2, $3 FROM cases.child WHERE id IN (SELECT unnest($1::uuid[])) ON CONFLICT DO NOTHING`,
      [childIds, at, family],
    );
    // Their concerns go with them when they name no child still in the active base.
    await db.query(
      `INSERT INTO cases.archived_concern (concern_id, archived_at, family)
       SELECT DISTINCT cc.concern_id, $2::timestamptz, $3 FROM cases.concern_child cc
        WHERE cc.child_id IN (SELECT unnest($1::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM cases.concern_child o WHERE o.concern_id = cc.concern_id
                             AND o.child_id NOT IN (SELECT child_id FROM cases.archived_child))
       ON CONFLICT DO NOTHING`,
      [childIds, at, family],
    );
    return marked.rowCount ?? 0;
  },

  async purge(db, childIds) {
    if (childIds.length === 0) return 0;
    const concerns = (await db.query<{ concern_id: string }>(OWN_CONCERNS_SQL, [childIds])).rows.map((r) => r.concern_id);
    let rows = 0;
    rows += (await db.query(
      // A join with the subjects (one pass over the outbox), not an OR of subqueries tested row by row.
      `DELETE FROM cases.notification n
        USING (SELECT unnest($1::uuid[]) AS id
               UNION ALL SELECT id FROM cases.measure WHERE child_id IN (SELECT unnest($1::uuid[]))
               UNION ALL SELECT id FROM cases.situation_report WHERE child_id IN (SELECT unnest($1::uuid[]))
               UNION ALL SELECT id FROM cases.hearing WHERE child_id IN (SELECT unnest($1::uuid[]))
               UNION ALL SELECT id FROM cases.child_plan WHERE child_id IN (SELECT unnest($1::uuid[]))
               UNION ALL SELECT id FROM cases.family_agreement WHERE child_id IN (SELECT unnest($1::uuid[]))) s
        WHERE n.subject_id = s.id`,
      [childIds],
    )).rowCount ?? 0;
    rows += await deleteConcerns(db, concerns);
    // A concern that also names a child still kept stays, without the link (cascade) nor the id
    // among the names a sender gave that matched no child.
    await db.query(
      `UPDATE cases.concern SET unmatched_child_ids = ARRAY(SELECT u FROM unnest(unmatched_child_ids) u WHERE NOT (u IN (SELECT unnest($1::uuid[]))))
        WHERE unmatched_child_ids && $1::uuid[]`,
      [childIds],
    );
    // The child and, by cascade, everything recorded about it: people around it, links, measures,
    // renewals, hearings, plans and their parts, reports, family agreements, referents, grants.
    // Measures, then family agreements, then the rest: a measure refers to its agreement, a
    // signature to the guardian who signed, without cascade.
    rows += (await db.query('DELETE FROM cases.measure WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds])).rowCount ?? 0;
    rows += (await db.query('DELETE FROM cases.family_agreement WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds])).rowCount ?? 0;
    rows += (await db.query('DELETE FROM cases.child WHERE id IN (SELECT unnest($1::uuid[]))', [childIds])).rowCount ?? 0;
    await db.query('DELETE FROM cases.archived_child WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds]);
    return rows;
  },

  async orphanConcerns(db, today, archiveMonths, purgeMonths, after, limit) {
    const { rows } = await db.query<{ id: string; purge: boolean }>(
      `SELECT co.id, (closed.on_ + make_interval(months => $3) <= $1::date) AS purge
         FROM cases.concern co
         CROSS JOIN LATERAL (SELECT COALESCE(max(e.concluded_at::date), co.received_at::date) AS on_ FROM cases.evaluation e WHERE e.concern_id = co.id) closed
        WHERE co.status = 'CLOSED_NO_ACTION'
          AND NOT EXISTS (SELECT 1 FROM cases.concern_child cc WHERE cc.concern_id = co.id)
          AND closed.on_ + make_interval(months => $2) <= $1::date
          AND (closed.on_ + make_interval(months => $3) <= $1::date OR co.id NOT IN (SELECT concern_id FROM cases.archived_concern))
          AND ($5::uuid IS NULL OR co.id > $5::uuid)
        ORDER BY co.id LIMIT $4`,
      [today, archiveMonths, purgeMonths, limit, after],
    );
    return { archive: rows.filter((r) => !r.purge).map((r) => r.id), purge: rows.filter((r) => r.purge).map((r) => r.id), last: rows.at(-1)?.id ?? null };
  },

  async archiveConcerns(db, concernIds, family, at) {
    if (concernIds.length === 0) return 0;
    const marked = await db.query(
      `INSERT INTO cases.archived_concern (concern_id, archived_at, family) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`,
      [concernIds, at, family],
    );
    return marked.rowCount ?? 0;
  },

  purgeConcerns: deleteConcerns,
};

/** What the cases schema knows of each child on `today` (one statement). */
export async function casesFacts(db: RetentionQueryable, childIds: readonly string[], today: string): Promise<Map<string, ChildFacts>> {
  const facts = new Map<string, ChildFacts>();
  if (childIds.length === 0) return facts;
  const { rows } = await db.query<{ child_id: string; last: string | null; open: boolean; ward: boolean; no_follow_up: boolean }>(FACTS_SQL, [childIds, today]);
  for (const r of rows) {
    facts.set(r.child_id, {
      lastContact: r.last,
      open: r.open,
      facts: [...(r.ward ? ['WARD'] : []), ...(r.no_follow_up ? ['NO_FOLLOW_UP'] : [])],
    });
  }
  return facts;
}
