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

/**
 * A child's access history read by an index walk that stops at the page (issue 14, flat with
 * size): `audit.access_log_child` holds one row per (child, record), its primary key walked
 * backwards from a child's newest record. The GIN index on `children` found every record of the
 * child and the newest were then sorted out of them all: its cost grew with the child's history.
 *
 * The side table is derived from the log, never written by anyone else: a statement-level
 * AFTER INSERT trigger fills it from the statement's new rows, in the same statement (a failed
 * INSERT leaves nothing, and the writer, its group commit and MAC chain are as they were); an
 * AFTER DELETE trigger empties it of the purged records' rows. The insert trigger's function is
 * SECURITY DEFINER (the table's owner): `passerelle_audit_writer` gets no privilege at all on the
 * side table, so it can neither forge a child's history nor erase one. The delete trigger runs
 * as whoever deletes (only the owner, in a purge, can). No foreign key: its check would lock
 * each log record and probe its key once per child on every append.
 *
 * The GIN index goes: nothing else read the log by child, and it was the dearest of the log's
 * indexes to maintain.
 */
export class AuditChildIndex1765200000000 implements MigrationInterface {
  name = 'AuditChildIndex1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE audit.access_log_child (child_id uuid NOT NULL, seq bigint NOT NULL)`);
    await runner.query(`REVOKE ALL ON audit.access_log_child FROM PUBLIC`);
    await runner.query(`
      CREATE FUNCTION audit.access_log_child_insert() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        INSERT INTO audit.access_log_child (child_id, seq)
        SELECT DISTINCT c.id, n.seq FROM added n CROSS JOIN LATERAL unnest(n.children) AS c(id) WHERE c.id IS NOT NULL ORDER BY 1, 2;
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE FUNCTION audit.access_log_child_delete() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        DELETE FROM audit.access_log_child x
         USING (SELECT DISTINCT c.id, o.seq FROM removed o CROSS JOIN LATERAL unnest(o.children) AS c(id) WHERE c.id IS NOT NULL) r
         WHERE x.child_id = r.id AND x.seq = r.seq;
        RETURN NULL;
      END $$`);
    await runner.query(`REVOKE ALL ON FUNCTION audit.access_log_child_insert() FROM PUBLIC`);
    await runner.query(`REVOKE ALL ON FUNCTION audit.access_log_child_delete() FROM PUBLIC`);
    // The triggers first: CREATE TRIGGER locks out the writers' INSERTs until this commits, so
    // no record escapes both the backfill and the trigger.
    await runner.query(`
      CREATE TRIGGER access_log_child_insert AFTER INSERT ON audit.access_log
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION audit.access_log_child_insert()`);
    await runner.query(`
      CREATE TRIGGER access_log_child_delete AFTER DELETE ON audit.access_log
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION audit.access_log_child_delete()`);
    await runner.query(`
      INSERT INTO audit.access_log_child (child_id, seq)
      SELECT DISTINCT c.id, l.seq FROM audit.access_log l CROSS JOIN LATERAL unnest(l.children) AS c(id) WHERE c.id IS NOT NULL`);
    // The key built once over the backfilled rows, not row by row.
    await runner.query(`ALTER TABLE audit.access_log_child ADD PRIMARY KEY (child_id, seq)`);
    await runner.query(`DROP INDEX audit.access_log_children_idx`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX access_log_children_idx ON audit.access_log USING gin (children)`);
    await runner.query(`DROP TRIGGER access_log_child_insert ON audit.access_log`);
    await runner.query(`DROP TRIGGER access_log_child_delete ON audit.access_log`);
    await runner.query(`DROP FUNCTION audit.access_log_child_insert()`);
    await runner.query(`DROP FUNCTION audit.access_log_child_delete()`);
    await runner.query(`DROP TABLE audit.access_log_child`);
  }
}

export const auditMigrations = [AuditLog1764160000000, AuditKeyedChains1764900000000, AuditChildIndex1765200000000];
