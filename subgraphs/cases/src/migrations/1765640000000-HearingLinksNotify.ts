import { notifyTriggerName, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:writes`: every hearing scheduled or heard
 * notified `judge:<court>`, and the placements subgraph dropped the court's cached slice — its
 * 21 782 children (at 100 000) asked of cases again on the judge's next read (8 → 55 ms). A
 * court's slice is the children with a measure or a hearing before it (row-policy.ts): a hearing
 * changes it only when it links a child to a court that nothing linked yet (inserted), or when a
 * row's court or child changes (updated). Those notify, and only those; a deleted hearing, a
 * truncation, always (the generic triggers, as before: what leaves a slice drops it at commit).
 * Same trigger names, for the insert and the update.
 */
const HEARING: NotifyTrigger = { table: 'hearing', channel: 'passerelle_scope', payloads: ['judge:{court_id}'] };
const NAME = notifyTriggerName('hearing', 'passerelle_scope');

export class HearingLinksNotify1765640000000 implements MigrationInterface {
  name = 'HearingLinksNotify1765640000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION cases.notify_hearing_links() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        court text;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          FOR court IN
            SELECT DISTINCT n.court_id::text FROM changed_new n
             WHERE n.court_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM cases.measure m WHERE m.court_id = n.court_id AND m.child_id = n.child_id)
               AND NOT EXISTS (SELECT 1 FROM cases.hearing h WHERE h.court_id = n.court_id AND h.child_id = n.child_id
                                 AND NOT EXISTS (SELECT 1 FROM changed_new x WHERE x.id = h.id))
          LOOP
            PERFORM pg_notify('passerelle_scope', 'judge:' || court);
          END LOOP;
        ELSE
          FOR court IN
            SELECT DISTINCT c.court_id::text FROM (
              (SELECT id, court_id, child_id FROM changed_old EXCEPT SELECT id, court_id, child_id FROM changed_new)
              UNION ALL
              (SELECT id, court_id, child_id FROM changed_new EXCEPT SELECT id, court_id, child_id FROM changed_old)
            ) c WHERE c.court_id IS NOT NULL
          LOOP
            PERFORM pg_notify('passerelle_scope', 'judge:' || court);
          END LOOP;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`DROP TRIGGER IF EXISTS ${NAME}_insert ON cases.hearing`);
    await runner.query(`DROP TRIGGER IF EXISTS ${NAME}_update ON cases.hearing`);
    await runner.query(`CREATE TRIGGER ${NAME}_insert AFTER INSERT ON cases.hearing REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cases.notify_hearing_links()`);
    await runner.query(
      `CREATE TRIGGER ${NAME}_update AFTER UPDATE ON cases.hearing REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cases.notify_hearing_links()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS ${NAME}_insert ON cases.hearing`);
    await runner.query(`DROP TRIGGER IF EXISTS ${NAME}_update ON cases.hearing`);
    for (const sql of notifyTriggerSql('cases', HEARING).filter((s) => s.includes(`${NAME}_insert `) || s.includes(`${NAME}_update `))) await runner.query(sql);
    await runner.query(`DROP FUNCTION cases.notify_hearing_links()`);
  }
}
