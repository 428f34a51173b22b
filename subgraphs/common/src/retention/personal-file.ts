import { Field, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Access } from '../access/directive';
import { requireScopesFor } from '../access/scope';
import type { Principal } from '../access/principal';
import { forbidden } from '../errors';

/**
 * A person's file for their access request (issue 15): every row a subgraph holds about one
 * child, the intermediate archive included, as self-describing records (table, id, fields), with
 * third parties masked. Each subgraph lists its tables and what it masks (`FileTable`); the
 * gateway composes the three parts in one `personalFile` query, which is the export (JSON).
 *
 * What is masked follows the law's logic (CRPA L311-6, L311-7; CASF L226-2-1 for the source of an
 * IP): a third party's identity or contact details, never the person's own data nor the acts of
 * the professionals who took decisions about them. A masked field stays listed (`masked: true`,
 * no value): the person knows something was withheld. Free texts (a concern's content, an
 * evaluation's findings) are given whole: the archivist reads them before sending the file, as
 * the CRPA asks (occultation), which no SQL can do.
 */
export interface FileTable {
  /** `schema.table`, read as alias `t`. */
  table: string;
  /** The rows of the child `$1`, on alias `t`. */
  where: string;
  order?: string;
  /** Columns given as masked (a third party's identity or contact). */
  masked?: readonly string[];
  /** Columns left out altogether (internal: versions, hashes, other children's ids). */
  omitted?: readonly string[];
  /** Extra columns (SQL on `t`, named), e.g. a facility's name for a placement. */
  extra?: Readonly<Record<string, string>>;
  /** Columns masked when a condition (SQL on `t`) holds, e.g. a confidential address. */
  maskedWhen?: { columns: readonly string[]; when: string };
}

export interface FileFieldValue {
  name: string;
  value: string | null;
  masked: boolean;
}

export interface FileRecordValue {
  table: string;
  id: string;
  fields: FileFieldValue[];
}

/** Only the archivist reads a person's file: the département with scope `archive:read` (each subgraph checks for itself). */
export function requireArchivist(principal: Principal): void {
  if (principal.audience !== 'system' && principal.audience !== 'department') throw forbidden('only the département’s archivist produces a person’s file');
  requireScopesFor(principal, 'PERSONAL_FILE');
}

const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** One statement per table, whatever the rows: the file of one child. */
export async function readPersonalFile(db: DataSource, tables: readonly FileTable[], childId: string): Promise<FileRecordValue[]> {
  const records: FileRecordValue[] = [];
  for (const spec of tables) {
    const extra = Object.entries(spec.extra ?? {}).map(([name, sql]) => `, ${sql} AS "${name}"`).join('');
    const rows: { row: Record<string, unknown> }[] = await db.query(
      `SELECT to_jsonb(x) AS row
         FROM (SELECT t.*${extra}, (${spec.maskedWhen?.when ?? 'false'}) AS "__mask" FROM ${spec.table} t WHERE ${spec.where}) x
        ORDER BY ${spec.order ?? 'x.id'}`,
      [childId],
    );
    for (const { row } of rows) {
      const conditional = row.__mask === true ? new Set(spec.maskedWhen?.columns ?? []) : new Set<string>();
      const fields: FileFieldValue[] = [];
      for (const [name, value] of Object.entries(row)) {
        if (name === 'id' || name === '__mask' || spec.omitted?.includes(name)) continue;
        const masked = (spec.masked?.includes(name) ?? false) || conditional.has(name);
        fields.push({ name, value: masked ? null : text(value), masked: masked && value !== null });
      }
      records.push({ table: spec.table, id: String(row.id), fields });
    }
  }
  return records;
}

/** The GraphQL types of one subgraph's part (its own names: `CasesFileRecord`, …). */
export function personalFileTypes(prefix: string) {
  @Access('PERSONAL_FILE')
  @ObjectType(`${prefix}FileField`, { description: 'One column of a record of a person’s file; a masked one (a third party’s identity or contact) has no value.' })
  class FileField {
    @Field({ description: 'The column’s name.' })
    name!: string;

    @Field(() => String, { nullable: true, description: 'Its value as text (dates YYYY-MM-DD, instants ISO 8601, lists and objects as JSON); null when empty or masked.' })
    value!: string | null;

    @Field({ description: 'True when the value is withheld to protect a third party (CRPA L311-6; the source of an IP: CASF L226-2-1).' })
    masked!: boolean;
  }

  @Access('PERSONAL_FILE')
  @ObjectType(`${prefix}FileRecord`, { description: 'One record of a person’s file: a row of the file, archived or not.' })
  class FileRecord {
    @Field({ description: 'Where it is kept (`schema.table`).' })
    table!: string;

    @Field({ description: 'The record’s identifier.' })
    id!: string;

    @Field(() => [FileField], { description: 'Its columns, masked ones included.' })
    fields!: FileFieldValue[];
  }
  return { FileField, FileRecord };
}
