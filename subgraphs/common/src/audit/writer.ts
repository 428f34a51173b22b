import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../errors';
import type { Log } from '../log';
import { chainHash, GENESIS, type AuditRecord } from './chain';
import { auditMigrations } from './schema';

const CHAIN_LOCK = 0x5a55e11e; // one chain: appends are serialised by this advisory lock

/** Creates the audit schema and table (idempotent), as the connection's own user. */
export async function migrateAudit(url: string): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: 'audit',
    migrations: auditMigrations,
    migrationsTableName: 'migrations',
    logging: false,
    extra: { max: 1, application_name: 'passerelle-audit-migrate' },
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [CHAIN_LOCK + 1]);
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS audit');
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [CHAIN_LOCK + 1]);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Appends records to the chain. Its connections take the role `passerelle_audit_writer`
 * (INSERT and SELECT only), so even a bug in a service cannot rewrite history.
 */
export class AuditWriter {
  private readonly pool: Pool;

  constructor(url: string, log?: Log) {
    this.pool = new Pool({
      connectionString: url,
      max: 4,
      options: '-c role=passerelle_audit_writer',
      application_name: 'passerelle-audit',
    });
    this.pool.on('error', (error) => log?.error(`audit connection: ${error.message}`));
  }

  async append(record: AuditRecord): Promise<string> {
    const client = await this.pool.connect();
    // A checked-out client whose connection drops (a database restart: 57P01) emits 'error' on
    // itself, not on the pool: without a listener that event kills the process. It is kept to be
    // destroyed on release, never returned to the pool.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const last = await client.query<{ hash: string }>('SELECT hash FROM audit.access_log ORDER BY seq DESC LIMIT 1');
      const previous = last.rows[0]?.hash ?? GENESIS;
      const hash = chainHash(previous, record);
      await client.query(
        `INSERT INTO audit.access_log
           (at, member, partner_id, audience, operation_name, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          record.at,
          record.member,
          record.partnerId,
          record.audience,
          record.operationName,
          record.operationType,
          record.documentHash,
          record.children,
          record.categories,
          record.outcome,
          previous,
          hash,
        ],
      );
      await client.query('COMMIT');
      return hash;
    } catch (error) {
      broken ??= isDatabaseUnavailable(error) ? (error as Error) : undefined;
      if (!broken) await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      client.off('error', onError);
      // release(error) destroys the connection instead of pooling it.
      client.release(broken ?? false);
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1 FROM audit.access_log LIMIT 1');
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * The audit store for a service: migrated in the background, retried with a log line while the
 * database is down (the service's /ready stays red meanwhile, through `writer.ready()`).
 */
export function openAudit(url: string, log: Log, delayMs = 2000): { writer: AuditWriter; migrated: Promise<void>; stop(): Promise<void> } {
  const writer = new AuditWriter(url, log);
  let stopped = false;
  const migrated = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await migrateAudit(url);
        return;
      } catch (error) {
        log.error(`audit store not ready (${(error as Error).message}); retry ${attempt} in ${delayMs / 1000}s`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  })();
  migrated.catch(() => undefined);
  return {
    writer,
    migrated,
    async stop() {
      stopped = true;
      await writer.close();
    },
  };
}
