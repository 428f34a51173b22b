import { ChangeListener, type Audience, type Log } from '@passerelle/common';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { trustedDocumentMigrations } from './schema';

export const TRUSTED_DOCUMENTS_CHANNEL = 'passerelle_trusted_documents';
const MIGRATION_LOCK = 0x7d0c5e11;

/** The id of a document: the SHA-256 of its text, hex (as Apollo's persisted query lists and APQ). */
export const documentId = (body: string) => createHash('sha256').update(body).digest('hex');

/** Creates the `trusted` schema and its table (the gateway at start, the publishing tool). */
export async function migrateTrustedDocuments(url: string): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: 'trusted',
    migrations: trustedDocumentMigrations,
    migrationsTableName: 'migrations',
    logging: false,
    extra: { max: 1, application_name: 'passerelle-trusted-documents-migrate' },
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS trusted');
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await dataSource.destroy();
  }
}

/** What the gateway asks of the registry. */
export interface TrustedDocuments {
  /** The text of document `id` if an application of `audience` registered it; null otherwise. */
  find(audience: Audience, id: string): Promise<string | null>;
}

/**
 * The registry as the gateway reads it: documents found are remembered (a document's text never
 * changes under its id) until a publication says otherwise; documents not found are asked again
 * (a client sending unknown ids costs one indexed lookup each).
 */
export class PgTrustedDocuments implements TrustedDocuments {
  private readonly pool: Pool;
  private readonly cache = new Map<string, string>();
  private readonly listener: ChangeListener;
  private readonly ready: Promise<void>;
  /** Bumped by every publication: a lookup that raced one does not cache its answer. */
  private generation = 0;

  constructor(url: string, log?: Log) {
    this.pool = new Pool({ connectionString: url, max: 2, application_name: 'passerelle-trusted-documents' });
    this.pool.on('error', (error) => log?.error(`trusted documents connection: ${error.message}`));
    this.listener = new ChangeListener({ url, channels: [TRUSTED_DOCUMENTS_CHANNEL], log, name: 'passerelle-gateway-documents' });
    this.listener.onChange(() => {
      this.generation++;
      this.cache.clear();
    });
    this.ready = migrateTrustedDocuments(url);
    this.ready.catch((error: Error) => log?.error(`trusted documents not ready: ${error.message}`));
  }

  async find(audience: Audience, id: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    const key = `${audience}:${id}`;
    // Only while the LISTEN connection is up can a cached entry be trusted to be current.
    if (this.listener.listening) {
      const cached = this.cache.get(key);
      if (cached !== undefined) return cached;
    }
    await this.ready;
    const generation = this.generation;
    const { rows } = await this.pool.query<{ body: string }>('SELECT body FROM trusted.document WHERE audience = $1 AND id = $2 LIMIT 1', [audience, id]);
    const body = rows[0]?.body ?? null;
    if (body !== null && this.listener.listening && generation === this.generation) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, body);
    }
    return body;
  }

  async close(): Promise<void> {
    await this.listener.stop();
    await this.pool.end();
  }
}
