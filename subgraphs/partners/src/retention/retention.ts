import type { ChildFacts, RetentionModule } from '@passerelle/common';

/**
 * The partners schema's part of the retention job (issue 15): SQL on `partners.*` only. A school
 * enrolment or a PMI follow-up is the partner's register, not a contact of the ASE with the
 * child: it says nothing of when the child's file ended (no facts), but it is archived and
 * eliminated with the file — it is what opens the file to the partner.
 * Institutions, their members and agreements stay: they are no child's data.
 */
export const partnersRetention: RetentionModule = {
  schema: 'partners',

  async facts() {
    return new Map<string, ChildFacts>();
  },

  async archive(db, childIds, family, at) {
    if (childIds.length === 0) return 0;
    const marked = await db.query(
      `INSERT INTO partners.archived_child (child_id, archived_at, family) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`,
      [childIds, at, family],
    );
    return marked.rowCount ?? 0;
  },

  async purge(db, childIds) {
    if (childIds.length === 0) return 0;
    let rows = 0;
    rows += (await db.query('DELETE FROM partners.enrollment WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds])).rowCount ?? 0;
    rows += (await db.query('DELETE FROM partners.health_follow_up WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds])).rowCount ?? 0;
    await db.query('DELETE FROM partners.archived_child WHERE child_id IN (SELECT unnest($1::uuid[]))', [childIds]);
    return rows;
  },
};
