import type { DataSource } from 'typeorm';

/**
 * Each partner institution's webhook: where its notifications are POSTed and the secret they are
 * signed with. Platform infrastructure shared by the subgraphs that produce notifications (cases,
 * placements: their dispatchers read it) and the one that configures it (partners: the
 * `setWebhook` mutation), so it lives in a schema of its own, `notify`, like the audit log and
 * the principal nonces, rather than in one subgraph's schema that the others would read.
 *
 * The secret is stored as given: the dispatcher needs it to sign (a hash would not do). Reading
 * it back is never offered; a partner that lost it sets a new one.
 */
export const NOTIFY_SCHEMA = 'notify';
const CREATE_LOCK = 0x6e6f7469; // serialises the creation by services starting together

/** Anything that runs SQL with positional parameters (a pg Pool, a TypeORM DataSource or EntityManager). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * Rows of a pg result or of TypeORM's `query`, which returns the rows themselves, or
 * `[rows, rowCount]` for an UPDATE or a DELETE.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) {
    if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
    return result as T[];
  }
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Creates the schema and table when absent (idempotent, safe with replicas starting together: the
 * advisory lock is taken in a statement of its own, so that the creations after it see what a
 * replica that held it before committed).
 */
export async function ensureNotifySchema(db: DataSource, retry = true): Promise<void> {
  // A plain scan of pg_tables, not to_regclass: a name looked up leaves a negative entry in the
  // backend's catalog cache, which the advisory lock below does not refresh, and CREATE SCHEMA IF
  // NOT EXISTS would then not see another replica's schema.
  const exists = rowsOf(await db.query(`SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = '${NOTIFY_SCHEMA}' AND tablename = 'webhook_endpoint'`));
  if (exists.length > 0) return;
  try {
    await create(db);
  } catch (error) {
    // Created meanwhile by another replica (unique_violation, duplicate_object): look again once.
    if (!retry || !['23505', '42P06', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
    await ensureNotifySchema(db, false);
  }
}

async function create(db: DataSource): Promise<void> {
  await db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CREATE_LOCK]);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${NOTIFY_SCHEMA}`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${NOTIFY_SCHEMA}.webhook_endpoint (
        partner_id uuid PRIMARY KEY,
        url text NOT NULL,
        secret text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
  });
}

export interface WebhookEndpoint {
  partnerId: string;
  url: string;
  secret: string;
  updatedAt: Date;
  updatedBy: string;
}

interface EndpointRow {
  partner_id: string;
  url: string;
  secret: string;
  updated_at: Date;
  updated_by: string;
}

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  partnerId: r.partner_id,
  url: r.url,
  secret: r.secret,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export const webhookEndpoints = {
  async get(db: Queryable, partnerId: string): Promise<WebhookEndpoint | null> {
    const rows = rowsOf<EndpointRow>(await db.query(`SELECT * FROM ${NOTIFY_SCHEMA}.webhook_endpoint WHERE partner_id = $1`, [partnerId]));
    return rows[0] ? toEndpoint(rows[0]) : null;
  },

  /** The endpoints of these institutions, in one statement. */
  async many(db: Queryable, partnerIds: readonly string[]): Promise<Map<string, WebhookEndpoint>> {
    if (partnerIds.length === 0) return new Map();
    const rows = rowsOf<EndpointRow>(
      await db.query(`SELECT * FROM ${NOTIFY_SCHEMA}.webhook_endpoint WHERE partner_id = ANY($1::uuid[])`, [[...new Set(partnerIds)]]),
    );
    return new Map(rows.map((r) => [r.partner_id, toEndpoint(r)]));
  },

  async set(db: Queryable, endpoint: { partnerId: string; url: string; secret: string; updatedBy: string }): Promise<WebhookEndpoint> {
    const rows = rowsOf<EndpointRow>(
      await db.query(
        `INSERT INTO ${NOTIFY_SCHEMA}.webhook_endpoint (partner_id, url, secret, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING *`,
        [endpoint.partnerId, endpoint.url, endpoint.secret, endpoint.updatedBy],
      ),
    );
    return toEndpoint(rows[0]!);
  },

  /** Whether there was one. */
  async remove(db: Queryable, partnerId: string): Promise<boolean> {
    const rows = rowsOf<{ partner_id: string }>(
      await db.query(`DELETE FROM ${NOTIFY_SCHEMA}.webhook_endpoint WHERE partner_id = $1 RETURNING partner_id`, [partnerId]),
    );
    return rows.length > 0;
  },
};
