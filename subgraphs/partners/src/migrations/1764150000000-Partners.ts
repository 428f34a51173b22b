import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Partners1764150000000 implements MigrationInterface {
  name = 'Partners1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE partners.partner_kind AS ENUM
      ('SCHOOL', 'PMI', 'COURT', 'PROSECUTOR', 'ASSOCIATION', 'CRIP', 'SNATED', 'HOSPITAL', 'POLICE', 'DEPARTMENT', 'OBSERVATORY')`);
    await runner.query(`
      CREATE TABLE partners.partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind partners.partner_kind NOT NULL,
        name text NOT NULL,
        code text UNIQUE,
        commune text NOT NULL,
        commune_code text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1
      )`);
    await runner.query(`CREATE INDEX partner_name_idx ON partners.partner (name, id)`);
    await runner.query(`CREATE INDEX partner_kind_idx ON partners.partner (kind, name, id)`);
    await runner.query(`
      CREATE TABLE partners.enrollment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        school_id uuid NOT NULL REFERENCES partners.partner (id),
        school_year text NOT NULL,
        class_level text NOT NULL,
        start_date date NOT NULL,
        end_date date,
        version integer NOT NULL DEFAULT 1,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await runner.query(`CREATE INDEX enrollment_child_idx ON partners.enrollment (child_id, start_date, id)`);
    await runner.query(`CREATE INDEX enrollment_school_idx ON partners.enrollment (school_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE partners.enrollment`);
    await runner.query(`DROP TABLE partners.partner`);
    await runner.query(`DROP TYPE partners.partner_kind`);
  }
}
