import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who decided a measure (issue 13, the law per measure kind): the département, a judge or the
 * parquet. An OPP ordered by the parquet obliges it to seize the children's judge within 8 days
 * (CC 375-5 al. 2), which only this column tells. Null for the measures recorded before: read as
 * a judge for a judicial measure, the département otherwise.
 */
export class MeasureDecider1764913000000 implements MigrationInterface {
  name = 'MeasureDecider1764913000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE cases.measure_decider AS ENUM ('DEPARTMENT', 'JUDGE', 'PROSECUTOR')`);
    await runner.query(`ALTER TABLE cases.measure ADD COLUMN decided_by cases.measure_decider`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE cases.measure DROP COLUMN decided_by`);
    await runner.query(`DROP TYPE cases.measure_decider`);
  }
}
