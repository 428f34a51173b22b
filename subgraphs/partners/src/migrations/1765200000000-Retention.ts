import { archiveTableSql, dropArchiveTableSql } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15: the archive marks of the partners schema, set by the retention job (partners/src/retention). */
export class Retention1765200000000 implements MigrationInterface {
  name = 'Retention1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of archiveTableSql('partners')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropArchiveTableSql('partners')) await runner.query(sql);
  }
}
