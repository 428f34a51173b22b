import { dropInboxOrderIndexSql, inboxOrderIndexSql } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (flat with size), found by `npm run bench:sweep`: an inbox's page read every
 * notification of its audience then sorted them; walked by (audience, inbox order) instead (see
 * `inboxOrderIndexSql`). Idempotent.
 */
export class InboxOrderIndex1765620000000 implements MigrationInterface {
  name = 'InboxOrderIndex1765620000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of inboxOrderIndexSql('cases')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropInboxOrderIndexSql('cases')) await runner.query(sql);
  }
}
