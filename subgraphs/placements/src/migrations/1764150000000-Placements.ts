import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Placements1764150000000 implements MigrationInterface {
  name = 'Placements1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE placements.facility_kind AS ENUM
      ('FOSTER_CARER', 'CHILDRENS_HOME', 'EMERGENCY_HOME', 'LIFE_PLACE', 'NURSERY', 'TRUSTED_THIRD_PARTY_HOME')`);
    await runner.query(`
      CREATE TABLE placements.facility (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind placements.facility_kind NOT NULL,
        commune text NOT NULL,
        commune_code text NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 0),
        version integer NOT NULL DEFAULT 1
      )`);
    await runner.query(`CREATE INDEX facility_name_idx ON placements.facility (name, id)`);
    await runner.query(`
      CREATE TABLE placements.placement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        facility_id uuid NOT NULL REFERENCES placements.facility (id),
        start_date date NOT NULL,
        end_date date,
        version integer NOT NULL DEFAULT 1,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await runner.query(`CREATE INDEX placement_child_idx ON placements.placement (child_id, start_date, id)`);
    await runner.query(`CREATE INDEX placement_facility_idx ON placements.placement (facility_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE placements.placement`);
    await runner.query(`DROP TABLE placements.facility`);
    await runner.query(`DROP TYPE placements.facility_kind`);
  }
}
