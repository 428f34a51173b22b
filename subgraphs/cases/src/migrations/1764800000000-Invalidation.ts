import { dropNotifyTriggerSql, notifyFunctionSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation at the next request: every change of a row that defines a slice
 * (`casesLocalScope`: a judge's measures and hearings, a parquet's referrals and the children
 * of the referred concerns, an association's measures) notifies every subgraph's slice cache
 * (common/src/access/scope.ts) at commit. Which parquet a concern's child belongs to is not on
 * the concern_child row: a change there drops every parquet's slice.
 */
const TRIGGERS: NotifyTrigger[] = [
  { table: 'measure', channel: 'passerelle_scope', payloads: ['judge:{court_id}', 'association:{operator_id}'] },
  { table: 'hearing', channel: 'passerelle_scope', payloads: ['judge:{court_id}'] },
  { table: 'referral', channel: 'passerelle_scope', payloads: ['prosecutor:{prosecutor_office_id}'] },
  { table: 'concern_child', channel: 'passerelle_scope', payloads: ['prosecutor:*'] },
];

export class Invalidation1764800000000 implements MigrationInterface {
  name = 'Invalidation1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(notifyFunctionSql('cases'));
    for (const trigger of TRIGGERS) for (const sql of notifyTriggerSql('cases', trigger)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) for (const sql of dropNotifyTriggerSql('cases', trigger)) await runner.query(sql);
    await runner.query('DROP FUNCTION cases.notify_change()');
  }
}
