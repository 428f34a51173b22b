import { dropOutboxTableSql, outboxTableSql } from '@passerelle/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13: the notification outbox of the placements schema (common/src/notifications/outbox.ts). */
export class NotificationOutbox1765000000000 implements MigrationInterface {
  name = 'NotificationOutbox1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of outboxTableSql('placements')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTableSql('placements')) await runner.query(sql);
  }
}
