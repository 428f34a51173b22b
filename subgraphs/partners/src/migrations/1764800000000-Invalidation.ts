import { dropNotifyTriggerSql, notifyFunctionSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation at the next request: every change of a row that defines a directory answer (the
 * institution, its members, its agreements: what `_accessCheck` reads) or a slice (a school's
 * enrolments, a PMI centre's follow-ups: `partnersLocalScope`) notifies the caches that hold
 * it (gateway/src/auth/directory.ts, common/src/access/scope.ts) at commit.
 */
const TRIGGERS: NotifyTrigger[] = [
  { table: 'partner', channel: 'passerelle_directory', payloads: ['{id}'] },
  { table: 'partner_member', channel: 'passerelle_directory', payloads: ['{partner_id}'] },
  { table: 'agreement', channel: 'passerelle_directory', payloads: ['{partner_id}'] },
  { table: 'enrollment', channel: 'passerelle_scope', payloads: ['school:{school_id}'] },
  { table: 'health_follow_up', channel: 'passerelle_scope', payloads: ['pmi:{pmi_id}'] },
];

export class Invalidation1764800000000 implements MigrationInterface {
  name = 'Invalidation1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(notifyFunctionSql('partners'));
    for (const trigger of TRIGGERS) for (const sql of notifyTriggerSql('partners', trigger)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) for (const sql of dropNotifyTriggerSql('partners', trigger)) await runner.query(sql);
    await runner.query('DROP FUNCTION partners.notify_change()');
  }
}
