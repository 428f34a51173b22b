import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's table: append-only and hash-chained. The services write it as the role
 * `passerelle_audit_writer`, which may INSERT and SELECT and nothing else; a trigger refuses
 * UPDATE, DELETE and TRUNCATE from anyone, so altering it takes deliberate superuser action —
 * and `npm run audit:verify` then finds the first broken link.
 */
export class AuditLog1764160000000 implements MigrationInterface {
  name = 'AuditLog1764160000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit.access_log (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        member text NOT NULL,
        partner_id text NOT NULL,
        audience text NOT NULL,
        operation_name text,
        operation_type text NOT NULL,
        document_hash text NOT NULL,
        children uuid[] NOT NULL,
        categories text[] NOT NULL,
        outcome text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await runner.query(`CREATE INDEX access_log_children_idx ON audit.access_log USING gin (children)`);
    await runner.query(`CREATE INDEX access_log_at_idx ON audit.access_log (at)`);
    await runner.query(`
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.access_log is append-only';
      END $$`);
    await runner.query(`
      CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON audit.access_log
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await runner.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON audit.access_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
    // Roles are per server, not per database: several databases may race to create it.
    await runner.query(`
      DO $$ BEGIN
        CREATE ROLE passerelle_audit_writer NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await runner.query(`GRANT USAGE ON SCHEMA audit TO passerelle_audit_writer`);
    await runner.query(`GRANT SELECT, INSERT ON audit.access_log TO passerelle_audit_writer`);
    await runner.query(`GRANT USAGE ON SEQUENCE audit.access_log_seq_seq TO passerelle_audit_writer`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit.access_log`);
    await runner.query(`DROP FUNCTION audit.refuse_change()`);
  }
}

/**
 * Keyed chains (issue 11): one chain per writer (a gateway replica, the purge), each record
 * numbered in its chain (`chain_seq`) and linked by an HMAC under a key the database does not
 * hold (`hash`, `prev_hash`); what a token claimed and whether it was verified; the record's kind
 * (`request`, `purge`) and detail. Records written before have `chain` NULL (unkeyed, legacy).
 * The purge may remove records, only as the owner and inside a transaction that says so
 * (`SET LOCAL passerelle.audit_purge = 'on'`); the verifier then starts from the signed cut.
 */
export class AuditKeyedChains1764900000000 implements MigrationInterface {
  name = 'AuditKeyedChains1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE audit.access_log
        ADD COLUMN chain text,
        ADD COLUMN chain_seq bigint,
        ADD COLUMN kind text NOT NULL DEFAULT 'request',
        ADD COLUMN verified boolean NOT NULL DEFAULT true,
        ADD COLUMN claims jsonb,
        ADD COLUMN detail jsonb`);
    // A record's place is (chain, chain_seq), unique; the MAC needs no index of its own (a
    // random 64-character key was the costliest of the table's indexes to maintain).
    await runner.query(`ALTER TABLE audit.access_log DROP CONSTRAINT IF EXISTS access_log_hash_key`);
    await runner.query(`CREATE UNIQUE INDEX access_log_chain_idx ON audit.access_log (chain, chain_seq)`);
    await runner.query(`CREATE INDEX access_log_member_idx ON audit.access_log (member, seq)`);
    await runner.query(`CREATE INDEX access_log_partner_idx ON audit.access_log (partner_id, seq)`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('passerelle.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit.access_log is append-only';
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX audit.access_log_chain_idx`);
    await runner.query(`ALTER TABLE audit.access_log ADD CONSTRAINT access_log_hash_key UNIQUE (hash)`);
    await runner.query(`DROP INDEX audit.access_log_member_idx`);
    await runner.query(`DROP INDEX audit.access_log_partner_idx`);
    await runner.query(`ALTER TABLE audit.access_log DROP COLUMN chain, DROP COLUMN chain_seq, DROP COLUMN kind, DROP COLUMN verified, DROP COLUMN claims, DROP COLUMN detail`);
  }
}

export const auditMigrations = [AuditLog1764160000000, AuditKeyedChains1764900000000];
