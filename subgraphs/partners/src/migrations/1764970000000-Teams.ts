import { dropNotifyTriggerSql, notifyTriggerSql, type NotifyTrigger } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The département's own slice (issue 13): its territorial teams (communes), and each member's
 * team and role. A département member is a MANAGER (the whole département) or a CASEWORKER (their
 * team's communes and their caseload). Existing members become caseworkers of no team — the
 * narrowest slice: an administrator names the managers and the teams (fail closed, never open).
 * The gateway's directory answer carries them: a change to a team or a member notifies it.
 */
const TRIGGERS: NotifyTrigger[] = [{ table: 'team', channel: 'passerelle_directory', payloads: ['{partner_id}'] }];

export class Teams1764970000000 implements MigrationInterface {
  name = 'Teams1764970000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partners.team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners.partner (id),
        code text NOT NULL CONSTRAINT team_code_check CHECK (code ~ '^[A-Z0-9_]{2,40}$'),
        name text NOT NULL CONSTRAINT team_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
        communes text[] NOT NULL DEFAULT '{}'
          CONSTRAINT team_communes_check CHECK (array_to_string(communes, ',') ~ '^(([0-9]{5}|2[AB][0-9]{3})(,|$))*$'),
        CONSTRAINT team_code_unique UNIQUE (partner_id, code)
      )`);
    await runner.query(`ALTER TABLE partners.partner_member
      ADD COLUMN team_id uuid REFERENCES partners.team (id),
      ADD COLUMN access_role text NOT NULL DEFAULT 'CASEWORKER' CONSTRAINT partner_member_access_role_check CHECK (access_role IN ('MANAGER', 'CASEWORKER'))`);
    await runner.query(`CREATE INDEX partner_member_team_idx ON partners.partner_member (team_id)`);
    for (const sql of notifyTriggerSql('partners', TRIGGERS[0]!)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropNotifyTriggerSql('partners', TRIGGERS[0]!)) await runner.query(sql);
    await runner.query(`ALTER TABLE partners.partner_member DROP COLUMN access_role, DROP COLUMN team_id`);
    await runner.query(`DROP TABLE partners.team`);
  }
}
