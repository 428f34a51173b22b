import { archiveTableSql, dropArchiveTableSql } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15: the archive marks of the placements schema, set by the retention job (placements/src/retention). */
export class Retention1765200000000 implements MigrationInterface {
  name = 'Retention1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of archiveTableSql('placements')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropArchiveTableSql('placements')) await runner.query(sql);
  }
}
