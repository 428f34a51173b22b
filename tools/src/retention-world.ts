import { Client } from 'pg';

/** Shifts of 0 to 25 years. */
const YEARS = 26;

/**
 * Each table holding a child's dated events, and how a row reaches its child (alias `t`): every
 * date of a child's file is moved back by that child's shift, so that the world's files end
 * anywhere in the last 25 years. A concern moves with the first child it names.
 */
const CONCERN_CHILD = `(SELECT min(cc.child_id::text)::uuid FROM cases.concern_child cc WHERE cc.concern_id = t.concern_id)`;
const DATED: Record<string, string> = {
  'cases.child': 't.id',
  'cases.measure': 't.child_id',
  'cases.measure_renewal': '(SELECT m.child_id FROM cases.measure m WHERE m.id = t.measure_id)',
  'cases.hearing': 't.child_id',
  'cases.child_plan': 't.child_id',
  'cases.plan_review': '(SELECT p.child_id FROM cases.child_plan p WHERE p.id = t.plan_id)',
  'cases.plan_signature': '(SELECT p.child_id FROM cases.child_plan p WHERE p.id = t.plan_id)',
  'cases.plan_objective': '(SELECT p.child_id FROM cases.child_plan p WHERE p.id = t.plan_id)',
  'cases.situation_report': 't.child_id',
  'cases.family_agreement': 't.child_id',
  'cases.family_agreement_renewal': '(SELECT a.child_id FROM cases.family_agreement a WHERE a.id = t.agreement_id)',
  'cases.family_agreement_signature': '(SELECT a.child_id FROM cases.family_agreement a WHERE a.id = t.agreement_id)',
  'cases.concern': `(SELECT min(cc.child_id::text)::uuid FROM cases.concern_child cc WHERE cc.concern_id = t.id)`,
  'cases.concern_child': CONCERN_CHILD,
  'cases.evaluation': CONCERN_CHILD,
  'cases.referral': CONCERN_CHILD,
  'placements.placement': 't.child_id',
  'placements.visit_right': 't.child_id',
  'placements.visit': '(SELECT r.child_id FROM placements.visit_right r WHERE r.id = t.visit_right_id)',
  'placements.return_home_plan': 't.child_id',
  'placements.return_home_phase_entry': '(SELECT r.child_id FROM placements.return_home_plan r WHERE r.id = t.plan_id)',
  'placements.return_home_move': '(SELECT r.child_id FROM placements.return_home_plan r WHERE r.id = t.plan_id)',
  'placements.return_home_milestone': '(SELECT r.child_id FROM placements.return_home_plan r WHERE r.id = t.plan_id)',
  'partners.enrollment': 't.child_id',
  'partners.health_follow_up': 't.child_id',
};

export async function spreadOver25Years(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE shift ON COMMIT DROP AS
      SELECT id AS child_id, ((row_number() OVER (ORDER BY id)) % ${YEARS})::int AS years FROM cases.child`);
    // The order matters: a concern's child is found through its links, which move last.
    for (const [table, child] of Object.entries(DATED).sort(([a], [b]) => (a === 'cases.concern_child' ? 1 : b === 'cases.concern_child' ? -1 : 0))) {
      const [schema, name] = table.split('.') as [string, string];
      const { rows } = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 AND data_type IN ('date', 'timestamp with time zone') AND column_name NOT IN ('created_at', 'updated_at')`,
        [schema, name],
      );
      if (rows.length === 0) continue;
      const sets = rows.map((r) => `${r.column_name} = t.${r.column_name} - make_interval(years => s.years)`).join(', ');
      await client.query(`UPDATE ${table} t SET ${sets} FROM shift s WHERE s.child_id = ${child} AND s.years > 0`);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

