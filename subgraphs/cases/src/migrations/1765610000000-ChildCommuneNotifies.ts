import { notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:writes`: every update of a child — a
 * birthplace corrected, a référent's free-text name cleared, any `version` bump — notified
 * `department:*`, and the placements and partners subgraphs dropped every caseworker's cached
 * slice. The largest team's 50 000 children (at 100 000) were then asked of cases again, sent,
 * sorted and hashed on the next read in each subgraph: 150 ms on a caseworker's `weekVisits` and
 * as much on their `enrollmentDeclarations` after `updateChild`, for a slice that had not changed.
 *
 * Of a child's columns only `commune_code` puts it in a slice the caches hold (a team's children:
 * cases' `caseworkerChildren`; no other slice asked of cases reads `cases.child`): an update now
 * notifies when some row's commune changed (or a row's id, which nothing does), and only then.
 * Inserts, deletes and truncation notify as before. Still one statement-level trigger, of the same
 * name (one notification per statement, whatever the number of rows).
 */
const CHILD: NotifyTrigger = { table: 'child', channel: 'passerelle_scope', payloads: ['department:*'] };
const UPDATE_TRIGGER = 'child_notifies_passerelle_scope_update';

export class ChildCommuneNotifies1765610000000 implements MigrationInterface {
  name = 'ChildCommuneNotifies1765610000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION cases.notify_child_commune_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM changed_new n LEFT JOIN changed_old o ON o.id = n.id
           WHERE o.id IS NULL OR o.commune_code IS DISTINCT FROM n.commune_code
        ) THEN
          PERFORM pg_notify(TG_ARGV[0], TG_ARGV[1]);
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`DROP TRIGGER IF EXISTS ${UPDATE_TRIGGER} ON cases.child`);
    await runner.query(
      `CREATE TRIGGER ${UPDATE_TRIGGER} AFTER UPDATE ON cases.child REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
         FOR EACH STATEMENT EXECUTE FUNCTION cases.notify_child_commune_change('passerelle_scope', 'department:*')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS ${UPDATE_TRIGGER} ON cases.child`);
    await runner.query(notifyTriggerSql('cases', CHILD).find((sql) => sql.includes(`${UPDATE_TRIGGER} `))!);
    await runner.query(`DROP FUNCTION cases.notify_child_commune_change()`);
  }
}
