import { dropNotifyTriggerSql, notifyFunctionSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation at the next request: every change of a row that defines a slice
 * (`placementsLocalScope`: an association's children placed in a facility it operates)
 * notifies every subgraph's slice cache (common/src/access/scope.ts) at commit. A placement row
 * does not name the operator: a change there drops every association's slice.
 */
const TRIGGERS: NotifyTrigger[] = [
  { table: 'placement', channel: 'passerelle_scope', payloads: ['association:*'] },
  { table: 'facility', channel: 'passerelle_scope', payloads: ['association:{operator_id}'] },
];

export class Invalidation1764800000000 implements MigrationInterface {
  name = 'Invalidation1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(notifyFunctionSql('placements'));
    for (const trigger of TRIGGERS) for (const sql of notifyTriggerSql('placements', trigger)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) for (const sql of dropNotifyTriggerSql('placements', trigger)) await runner.query(sql);
    await runner.query('DROP FUNCTION placements.notify_change()');
  }
}
