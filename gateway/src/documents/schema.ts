import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trusted documents (persisted operations): the GraphQL documents each partner application
 * registered (`npm run documents:publish`), by audience and application. The gateway reads them;
 * only the publishing tool writes. A publication notifies `passerelle_trusted_documents`, so that
 * every gateway replica drops what it cached.
 */
export class TrustedDocuments1765000000000 implements MigrationInterface {
  name = 'TrustedDocuments1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE trusted.document (
        audience text NOT NULL,
        app text NOT NULL CHECK (app ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
        id text NOT NULL CHECK (id ~ '^[0-9a-f]{64}$'),
        body text NOT NULL,
        operation_name text,
        operation_type text NOT NULL CHECK (operation_type IN ('query', 'mutation', 'subscription')),
        app_version text,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (audience, app, id)
      )`);
    await runner.query(`CREATE INDEX document_audience_id_idx ON trusted.document (audience, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE trusted.document`);
  }
}

export const trustedDocumentMigrations = [TrustedDocuments1765000000000];
