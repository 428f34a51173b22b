import { AUDIENCES, isAudience, repoPath, UsageError, type Audience } from '@passerelle/common';
import { buildSchema, Kind, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { documentId, migrateTrustedDocuments, TRUSTED_DOCUMENTS_CHANNEL } from './store';

/**
 * A partner application's manifest: Apollo's persisted query manifest
 * (`format: apollo-persisted-query-manifest`, `operations: [{ id, name, type, body }]`, as
 * `generate-persisted-query-manifest` and graphql-codegen's client preset produce), with the
 * application's name and audience.
 */
export interface DocumentManifest {
  app: string;
  audience: Audience;
  /** The application's own release (recorded with its documents). */
  appVersion?: string;
  operations: { id?: string; name?: string; type?: string; body: string }[];
}

export interface PublishReport {
  app: string;
  audience: Audience;
  added: number;
  kept: number;
  removed: number;
}

/** The contract an audience's documents must validate against (schema/contracts/<audience>.graphql). */
export function contractSchema(audience: Audience): GraphQLSchema {
  return buildSchema(readFileSync(repoPath(`schema/contracts/${audience}.graphql`), 'utf8'), { assumeValidSDL: true });
}

/**
 * Checks a manifest whole, before anything is written: its app and audience, and every operation —
 * one operation per document, its id the SHA-256 of its text, its type and name as declared, and
 * valid against the audience's contract (a document its audience could not run is a mistake to
 * refuse now, not at the partner's first request). Each problem names the operation's index.
 */
export function checkManifest(raw: unknown): DocumentManifest {
  const problems: string[] = [];
  const m = raw as Partial<DocumentManifest> & { format?: unknown; version?: unknown };
  if (!m || typeof m !== 'object') throw new UsageError('the manifest is not a JSON object');
  if (typeof m.app !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,62}$/.test(m.app)) problems.push('app: a name of lower-case letters, digits, ".", "_" or "-" (at most 63)');
  if (!isAudience(m.audience)) problems.push(`audience: one of ${AUDIENCES.join(', ')}`);
  if (m.format !== undefined && m.format !== 'apollo-persisted-query-manifest') problems.push('format: apollo-persisted-query-manifest when given');
  const format = (raw as { version?: unknown }).version;
  if (format !== undefined && format !== 1) problems.push('version: the manifest format version, 1, when given');
  if (m.appVersion !== undefined && (typeof m.appVersion !== 'string' || m.appVersion.length > 64)) problems.push('appVersion: a string of at most 64 characters');
  if (!Array.isArray(m.operations) || m.operations.length === 0) problems.push('operations: a non-empty list');
  if (problems.length > 0) throw new UsageError(`the manifest is refused: ${problems.join('; ')}`);
  const contract = contractSchema(m.audience!);
  const seen = new Set<string>();
  m.operations!.forEach((operation, i) => {
    const at = `operations[${i}]`;
    if (!operation || typeof operation.body !== 'string' || operation.body.trim() === '') return problems.push(`${at}.body: the document's text`);
    if (operation.body.length > 100_000) return problems.push(`${at}.body: longer than 100 000 characters`);
    const id = documentId(operation.body);
    if (operation.id !== undefined && operation.id !== id) problems.push(`${at}.id: not the SHA-256 of its body (${id})`);
    if (seen.has(id)) problems.push(`${at}: the same document twice`);
    seen.add(id);
    let document: DocumentNode;
    try {
      document = parse(operation.body);
    } catch (error) {
      return problems.push(`${at}.body: ${(error as Error).message}`);
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1) return problems.push(`${at}.body: exactly one operation per document (found ${operations.length})`);
    const [definition] = operations;
    if (operation.type !== undefined && operation.type !== definition!.operation) problems.push(`${at}.type: the document is a ${definition!.operation}`);
    if (operation.name !== undefined && operation.name !== definition!.name?.value) problems.push(`${at}.name: the document's operation is ${definition!.name?.value ?? 'anonymous'}`);
    for (const error of validate(contract, document, specifiedRules)) problems.push(`${at}: ${error.message} (contract of audience ${m.audience})`);
  });
  if (problems.length > 0) throw new UsageError(`the manifest is refused, nothing was published: ${problems.join('; ')}`);
  return m as DocumentManifest;
}

/**
 * Registers a manifest's documents for its app, in one transaction: new ones added, those already
 * there kept; with `replace`, the app's documents not in the manifest removed (a release that
 * retires old clients). Every gateway is told (NOTIFY) to forget what it cached.
 */
export async function publishDocuments(url: string, manifest: DocumentManifest, options: { replace?: boolean } = {}): Promise<PublishReport> {
  await migrateTrustedDocuments(url);
  const client = new Client({ connectionString: url, application_name: 'passerelle-documents-publish' });
  await client.connect();
  try {
    await client.query('BEGIN');
    const ids: string[] = [];
    let added = 0;
    for (const operation of manifest.operations) {
      const id = documentId(operation.body);
      ids.push(id);
      const definition = parse(operation.body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const inserted = await client.query(
        `INSERT INTO trusted.document (audience, app, id, body, operation_name, operation_type, app_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (audience, app, id) DO NOTHING`,
        [manifest.audience, manifest.app, id, operation.body, definition.name?.value ?? null, definition.operation, manifest.appVersion ?? null],
      );
      added += inserted.rowCount ?? 0;
    }
    let removed = 0;
    if (options.replace) {
      const deleted = await client.query(`DELETE FROM trusted.document WHERE audience = $1 AND app = $2 AND NOT (id = ANY($3::text[]))`, [manifest.audience, manifest.app, ids]);
      removed = deleted.rowCount ?? 0;
    }
    await client.query(`SELECT pg_notify($1, $2)`, [TRUSTED_DOCUMENTS_CHANNEL, `${manifest.audience}:${manifest.app}`]);
    await client.query('COMMIT');
    return { app: manifest.app, audience: manifest.audience, added, kept: ids.length - added, removed };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
