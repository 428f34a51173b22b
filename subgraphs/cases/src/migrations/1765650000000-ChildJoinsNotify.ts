import { notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:writes`: a child created notified
 * `department:*`, and the placements and partners subgraphs dropped every caseworker's cached
 * team part: the largest team's 50 000 children (at 100 000) were asked of cases again, sent and
 * compared with the last stored version on the next read in each (95 ms against 15 at 1 000),
 * for a team that had gained one child.
 *
 * A child created now names itself: `department:joined:<commune>:<child id>`, one notification
 * per new row with a commune, and the subgraphs add that child to the cached team parts whose
 * communes hold it (scope.ts: `joinedChild`, `InvalidatedCache.amend`, `withChild`), without asking cases. It only ever adds a child to
 * a slice, exactly as cases' team query would (`commune_code = ANY(communes)`): a notification
 * lost or misread shows the team one child less until the entry's bound, never one more. A
 * statement inserting more than 64 children (an import, a seed) notifies `department:*` as before;
 * a child without a commune joins no team and notifies nothing. Updates (a commune changed),
 * deletes and truncation are unchanged: the teams' and members' parts dropped and asked again.
 */
const CHILD: NotifyTrigger = { table: 'child', channel: 'passerelle_scope', payloads: ['department:*'] };
const INSERT_TRIGGER = 'child_notifies_passerelle_scope_insert';
/** Above this many children in one statement, one `department:*` rather than one notification each. */
const JOINED_NOTIFY_MAX = 64;

export class ChildJoinsNotify1765650000000 implements MigrationInterface {
  name = 'ChildJoinsNotify1765650000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION cases.notify_child_joined() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        joined record;
      BEGIN
        IF (SELECT count(*) FROM changed_new WHERE commune_code IS NOT NULL) > ${JOINED_NOTIFY_MAX} THEN
          PERFORM pg_notify('passerelle_scope', 'department:*');
        ELSE
          FOR joined IN SELECT id, commune_code FROM changed_new WHERE commune_code IS NOT NULL LOOP
            PERFORM pg_notify('passerelle_scope', 'department:joined:' || joined.commune_code || ':' || joined.id::text);
          END LOOP;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`DROP TRIGGER IF EXISTS ${INSERT_TRIGGER} ON cases.child`);
    await runner.query(
      `CREATE TRIGGER ${INSERT_TRIGGER} AFTER INSERT ON cases.child REFERENCING NEW TABLE AS changed_new
         FOR EACH STATEMENT EXECUTE FUNCTION cases.notify_child_joined()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS ${INSERT_TRIGGER} ON cases.child`);
    await runner.query(notifyTriggerSql('cases', CHILD).find((sql) => sql.includes(`${INSERT_TRIGGER} `))!);
    await runner.query(`DROP FUNCTION cases.notify_child_joined()`);
  }
}
