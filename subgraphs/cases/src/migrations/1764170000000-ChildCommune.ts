import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The child's commune of residence (INSEE code): what schools and judges already know, and what
 * the analysts' statistics and the observatory export need for a territory. The commune only,
 * never the address. Null for the children recorded before (to be filled by caseworkers).
 */
export class ChildCommune1764170000000 implements MigrationInterface {
  name = 'ChildCommune1764170000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE cases.child ADD COLUMN commune_code text
      CONSTRAINT child_commune_code_check CHECK (commune_code ~ '^([0-9]{5}|2[AB][0-9]{3})$')`);
    await runner.query(`CREATE INDEX child_commune_code_idx ON cases.child (commune_code)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX cases.child_commune_code_idx`);
    await runner.query(`ALTER TABLE cases.child DROP COLUMN commune_code`);
  }
}
