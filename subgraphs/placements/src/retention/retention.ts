import type { ChildFacts, RetentionModule } from '@passerelle/common';

/**
 * The placements schema's part of the retention job (issue 15): SQL on `placements.*` only.
 * Last contact: a placement's start or end, a visit-right decision, a visit held, a return-home
 * plan's start or close. Open: a placement without end, a return-home plan not closed.
 * Fact: PLACED (the child was placed: never a concern-only file).
 * Facilities stay: they are institutions' and foster carers' records, not the child's.
 */
export const placementsRetention: RetentionModule = {
  schema: 'placements',

  async facts(db, childIds, today) {
    const facts = new Map<string, ChildFacts>();
    if (childIds.length === 0) return facts;
    const { rows } = await db.query<{ child_id: string; last: string | null; open: boolean; placed: boolean }>(
      // One index lookup per child and table (LATERAL): a batch costs its children, not the tables' size.
      `SELECT ids.child_id, to_char(GREATEST(p.last, v.last, r.last), 'YYYY-MM-DD') AS last,
              COALESCE(p.open, false) OR COALESCE(r.open, false) AS open, p.n > 0 AS placed
         FROM unnest($1::uuid[]) AS ids (child_id)
        CROSS JOIN LATERAL (
          SELECT max(GREATEST(start_date, end_date)) FILTER (WHERE start_date <= $2) AS last, bool_or(end_date IS NULL) AS open, count(*) AS n
            FROM placements.placement WHERE child_id = ids.child_id) p
        CROSS JOIN LATERAL (
          SELECT max(GREATEST(vr.decided_on, vr.starts_on, LEAST(vr.ends_on, $2),
                              (SELECT max(planned_on) FROM placements.visit WHERE visit_right_id = vr.id AND planned_on <= $2))) AS last
            FROM placements.visit_right vr WHERE vr.child_id = ids.child_id) v
        CROSS JOIN LATERAL (
          SELECT max(GREATEST(start_date, closed_on)) AS last, bool_or(closed_on IS NULL AND phase NOT IN ('COMPLETED', 'ABANDONED')) AS open
            FROM placements.return_home_plan WHERE child_id = ids.child_id) r
        WHERE p.n > 0 OR v.last IS NOT NULL OR r.last IS NOT NULL`,
      [childIds, today],
    );
    for (const r of rows) facts.set(r.child_id, { lastContact: r.last, open: r.open, facts: r.placed ? ['PLACED'] : [] });
    return facts;
  },

  async archive(db, childIds, family, at) {
    if (childIds.length === 0) return 0;
    const marked = await db.query(
      `INSERT INTO placements.archived_child (child_id, archived_at, family) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`,
      [childIds, at, family],
    );
    return marked.rowCount ?? 0;
  },

  async purge(db, childIds) {
    if (childIds.length === 0) return 0;
    let rows = 0;
    const run = async (sql: string) => {
      rows += (await db.query(sql, [childIds])).rowCount ?? 0;
    };
    await run(`DELETE FROM placements.notification n
                USING (SELECT unnest($1::uuid[]) AS id
                       UNION ALL SELECT id FROM placements.placement WHERE child_id IN (SELECT unnest($1::uuid[]))
                       UNION ALL SELECT id FROM placements.visit_right WHERE child_id IN (SELECT unnest($1::uuid[]))
                       UNION ALL SELECT id FROM placements.return_home_plan WHERE child_id IN (SELECT unnest($1::uuid[]))) s
                WHERE n.subject_id = s.id`);
    await run('DELETE FROM placements.visit WHERE visit_right_id IN (SELECT id FROM placements.visit_right WHERE child_id IN (SELECT unnest($1::uuid[])))');
    await run('DELETE FROM placements.visit_right WHERE child_id IN (SELECT unnest($1::uuid[]))');
    // Phases, moves and milestones go with their plan (cascade).
    await run('DELETE FROM placements.return_home_plan WHERE child_id IN (SELECT unnest($1::uuid[]))');
    await run('DELETE FROM placements.placement WHERE child_id IN (SELECT unnest($1::uuid[]))');
    await db.query('DELETE FROM placements.archived_child WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds]);
    return rows;
  },
};
