import { dropNotifyTriggerSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The département's own slice (issue 13). A caseworker reads the children living in their team's
 * communes (`child.commune_code`, already indexed), of their caseload (`child_referent`, indexed
 * by member) and of their break-glass grants in force (`break_glass`, here). The placements and
 * partners subgraphs cache a caseworker's children (scope.ts): a change of any of those facts
 * drops every département entry (`department:*` on `passerelle_scope`) at commit.
 *
 * A grant is never changed once written: its reason and its bounds are evidence.
 */
const TRIGGERS: NotifyTrigger[] = [
  { table: 'child', channel: 'passerelle_scope', payloads: ['department:*'] },
  { table: 'child_referent', channel: 'passerelle_scope', payloads: ['department:*'] },
  { table: 'break_glass', channel: 'passerelle_scope', payloads: ['department:*'] },
];

export class DepartmentSlice1764970000000 implements MigrationInterface {
  name = 'DepartmentSlice1764970000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE cases.break_glass (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES cases.child (id) ON DELETE CASCADE,
        member_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        reason text NOT NULL CONSTRAINT break_glass_reason_check CHECK (char_length(btrim(reason)) BETWEEN 20 AND 2000),
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT break_glass_period_check CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '72 hours')
      )`);
    await runner.query(`CREATE INDEX break_glass_member_idx ON cases.break_glass (member_id, expires_at)`);
    await runner.query(`CREATE INDEX break_glass_child_idx ON cases.break_glass (child_id, granted_at)`);
    await runner.query(`
      CREATE FUNCTION cases.break_glass_unchanged() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'a break-glass grant is never changed' USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await runner.query(`CREATE TRIGGER break_glass_unchanged BEFORE UPDATE ON cases.break_glass FOR EACH ROW EXECUTE FUNCTION cases.break_glass_unchanged()`);
    for (const trigger of TRIGGERS) for (const sql of notifyTriggerSql('cases', trigger)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) for (const sql of dropNotifyTriggerSql('cases', trigger)) await runner.query(sql);
    await runner.query(`DROP TABLE cases.break_glass`);
    await runner.query(`DROP FUNCTION cases.break_glass_unchanged()`);
  }
}
