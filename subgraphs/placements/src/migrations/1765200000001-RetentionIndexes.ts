import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: eliminating a child deletes its placements; the return-home plans that point at one
 * are checked through this index, not by a scan of every plan per placement deleted.
 */
export class RetentionIndexes1765200000001 implements MigrationInterface {
  name = 'RetentionIndexes1765200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX return_home_plan_placement_idx ON placements.return_home_plan (placement_id) WHERE placement_id IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX placements.return_home_plan_placement_idx');
  }
}
