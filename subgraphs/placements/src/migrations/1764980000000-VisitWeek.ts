import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A week's visits across children (weekVisits: a team's planning): by day, then id. */
export class VisitWeek1764980000000 implements MigrationInterface {
  name = 'VisitWeek1764980000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX visit_planned_idx ON placements.visit (planned_on, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX placements.visit_planned_idx`);
  }
}
