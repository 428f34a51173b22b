import { dropNotifyTriggerSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:writes`: a référent assigned or ended, a
 * break-glass granted, notified `department:*`, and the placements and partners subgraphs dropped
 * every caseworker's cached team part with their own: the largest team's 50 000 children (at
 * 100 000) were asked of cases again on the member's next read in each (150 ms). These two tables
 * make only the members' own parts (scope.ts, `askCaseworker(member)`): they now notify
 * `department:member`, which drops those parts alone (`scopeKeyPrefix`). The `child` table still
 * notifies `department:*` (a commune, a child added or erased: teams and members).
 */
const MEMBER_PARTS = ['child_referent', 'break_glass'];
const trigger = (table: string, payload: string): NotifyTrigger => ({ table, channel: 'passerelle_scope', payloads: [payload] });

async function renotify(runner: QueryRunner, payload: string): Promise<void> {
  for (const table of MEMBER_PARTS) {
    for (const sql of dropNotifyTriggerSql('cases', trigger(table, payload))) await runner.query(sql);
    for (const sql of notifyTriggerSql('cases', trigger(table, payload))) await runner.query(sql);
  }
}

export class MemberPartsNotify1765630000000 implements MigrationInterface {
  name = 'MemberPartsNotify1765630000000';

  async up(runner: QueryRunner): Promise<void> {
    await renotify(runner, 'department:member');
  }

  async down(runner: QueryRunner): Promise<void> {
    await renotify(runner, 'department:*');
  }
}
