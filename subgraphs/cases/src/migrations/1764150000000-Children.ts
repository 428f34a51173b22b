import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Children1764150000000 implements MigrationInterface {
  name = 'Children1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE cases.sex AS ENUM ('F', 'M', 'X')`);
    await runner.query(`
      CREATE TABLE cases.child (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_names text NOT NULL,
        last_name text NOT NULL,
        birth_date date NOT NULL,
        sex cases.sex NOT NULL,
        birthplace text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX child_last_name_idx ON cases.child (last_name, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE cases.child`);
    await runner.query(`DROP TYPE cases.sex`);
  }
}
