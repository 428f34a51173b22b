import { archiveTableSql, dropArchiveTableSql } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15: the archive marks of the cases schema, set by the retention job (cases/src/retention). */
export class Retention1765200000000 implements MigrationInterface {
  name = 'Retention1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of archiveTableSql('cases')) await runner.query(sql);
    // A concern is archived with the last of the children it names, or on its own when it names none.
    await runner.query(`CREATE TABLE cases.archived_concern (
       concern_id uuid PRIMARY KEY,
       archived_at timestamptz NOT NULL DEFAULT now(),
       family text NOT NULL
     )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE cases.archived_concern');
    for (const sql of dropArchiveTableSql('cases')) await runner.query(sql);
  }
}
