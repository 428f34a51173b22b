import type { DataSource, EntityManager } from 'typeorm';
import { Partner } from '../partner/partner.entity';
import { CsvError, decodeUtf8, parseCsv } from './csv';
import { readTable, type ImportRow, type Rejection } from './rows';
import { bulkInsert } from '@passerelle/common';

export interface ImportReport {
  /** Records read (header and blank lines excluded). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every refused record with its line; when not empty, nothing was written. */
  rejected: Rejection[];
}

/** Thrown inside the transaction to roll it back with the rows the database side refused. */
class Refused extends Error {
  constructor(readonly rejected: Rejection[]) {
    super('import refused');
  }
}

const REGISTERS = ['uai', 'siret', 'finess'] as const;

/** What the row would make of the stored institution (or of a new one). */
function applyRow(target: Partner, row: ImportRow): void {
  const f = row.fields;
  target.kind = f.kind;
  target.name = f.name;
  target.commune = f.commune;
  target.communeCode = f.communeCode;
  if (row.present.has('uai')) target.uai = f.uai;
  if (row.present.has('siret')) target.siret = f.siret;
  if (row.present.has('finess')) target.finess = f.finess;
  if (row.present.has('postalCode')) target.postalCode = f.postalCode;
  if (row.present.has('email')) target.email = f.email;
  if (row.present.has('address')) target.address = row.address;
  if (row.present.has('phone')) target.phone = row.phone;
  if (row.present.has('closedOn')) {
    target.active = row.closedOn === null;
    target.closedOn = row.closedOn;
  }
}

const COMPARED = ['kind', 'name', 'commune', 'communeCode', 'uai', 'siret', 'finess', 'postalCode', 'email', 'address', 'phone', 'active', 'closedOn'] as const;

/**
 * Matches rows with stored institutions by natural code and sorts them into creations and
 * changes; refuses a row whose code belongs to an institution of another kind, or whose other
 * codes belong to a different institution than the one it updates.
 */
async function plan(manager: EntityManager, rows: ImportRow[]) {
  const codes = Object.fromEntries(REGISTERS.map((r) => [r, rows.map((row) => row.fields[r]).filter((c): c is string => !!c)]));
  const existing = await manager
    .getRepository(Partner)
    .createQueryBuilder('p')
    .where('p.uai = ANY(:uai) OR p.siret = ANY(:siret) OR p.finess = ANY(:finess)', codes)
    .getMany();
  const owner = new Map<string, Partner>();
  for (const partner of existing) for (const r of REGISTERS) if (partner[r]) owner.set(`${r}:${partner[r]}`, partner);

  const creates: Partner[] = [];
  const updates: Partner[] = [];
  let unchanged = 0;
  const rejected: Rejection[] = [];
  for (const row of rows) {
    const match = owner.get(`${row.key}:${row.fields[row.key]}`);
    const reasons: string[] = [];
    if (match && match.kind !== row.fields.kind) {
      reasons.push(`${row.key}: ${row.fields[row.key]} belongs to "${match.name}", a ${match.kind}, not a ${row.fields.kind}`);
    }
    for (const r of REGISTERS) {
      const other = row.fields[r] ? owner.get(`${r}:${row.fields[r]}`) : undefined;
      if (other && other.id !== match?.id) reasons.push(`${r}: ${row.fields[r]} already belongs to "${other.name}"`);
    }
    if (reasons.length > 0) {
      rejected.push({ line: row.line, reason: reasons.join('; ') });
      continue;
    }
    if (!match) {
      const created = manager.getRepository(Partner).create({ uai: null, siret: null, finess: null, address: null, postalCode: null, phone: null, email: null, active: true, closedOn: null, jurisdiction: [] });
      applyRow(created, row);
      creates.push(created);
      continue;
    }
    const before = COMPARED.map((k) => match[k]);
    applyRow(match, row);
    if (COMPARED.some((k, i) => match[k] !== before[i])) updates.push(match);
    else unchanged++;
  }
  return { creates, updates, unchanged, rejected };
}

/**
 * Imports a CSV of institutions, all or nothing: every record is checked first, then matched
 * with the registry inside one transaction; if any record is refused, nothing is written and
 * every refusal is reported with its line. Running the same file twice changes nothing: the
 * second run finds every row unchanged (no write, no version bump).
 */
export async function importPartners(dataSource: DataSource, bytes: Uint8Array): Promise<ImportReport> {
  let rows: ImportRow[];
  let rejected: Rejection[];
  let count: number;
  try {
    const table = parseCsv(decodeUtf8(bytes));
    count = table.records.length;
    ({ rows, rejected } = readTable(table));
  } catch (error) {
    if (error instanceof CsvError) return { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [{ line: error.line, reason: error.message.replace(/^line \d+: /, '') }] };
    throw error;
  }
  if (rejected.length > 0) return { rows: count, created: 0, updated: 0, unchanged: 0, rejected };
  try {
    return await dataSource.transaction(async (manager) => {
      // One import at a time, and no registry change in between its check and its writes.
      await manager.query('LOCK TABLE partners.partner IN SHARE ROW EXCLUSIVE MODE');
      const { creates, updates, unchanged, rejected: refused } = await plan(manager, rows);
      if (refused.length > 0) throw new Refused(refused);
      await bulkInsert(manager.queryRunner!, Partner, creates);
      for (const partner of updates) await manager.getRepository(Partner).save(partner);
      return { rows: count, created: creates.length, updated: updates.length, unchanged, rejected: [] };
    });
  } catch (error) {
    if (error instanceof Refused) return { rows: count, created: 0, updated: 0, unchanged: 0, rejected: error.rejected.sort((a, b) => a.line - b.line) };
    throw error;
  }
}
