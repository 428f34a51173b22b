import { isIsoDate } from '../dates';
import { normaliseCode } from '../partner/codes';
import { PartnerKind } from '../partner/partner.entity';
import { partnerProblems, type PartnerFields } from '../partner/partner.rules';
import { CsvError, type CsvRecord, type CsvTable } from './csv';

/**
 * From CSV records to institutions to upsert. Column names are matched without case, accents
 * or punctuation (`Code postal`, `code_postal` and `postal_code` are the same column).
 */

export const COLUMNS = {
  kind: ['kind', 'type', 'nature'],
  name: ['name', 'nom', 'denomination', 'raison_sociale'],
  uai: ['uai', 'code_uai', 'rne'],
  siret: ['siret'],
  finess: ['finess', 'numero_finess'],
  address: ['address', 'adresse'],
  postalCode: ['postal_code', 'code_postal', 'cp'],
  commune: ['commune', 'ville'],
  communeCode: ['commune_code', 'code_commune', 'code_insee', 'insee'],
  phone: ['phone', 'telephone', 'tel'],
  email: ['email', 'mail', 'courriel'],
  closedOn: ['closed_on', 'date_fermeture', 'fermeture'],
} as const;
export type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['kind', 'name', 'commune', 'communeCode'];

const KIND_ALIASES: Record<string, PartnerKind> = {
  ECOLE: PartnerKind.SCHOOL,
  COLLEGE: PartnerKind.SCHOOL,
  LYCEE: PartnerKind.SCHOOL,
  ETABLISSEMENT_SCOLAIRE: PartnerKind.SCHOOL,
  CENTRE_PMI: PartnerKind.PMI,
  HOPITAL: PartnerKind.HOSPITAL,
  CENTRE_HOSPITALIER: PartnerKind.HOSPITAL,
};

const simplify = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Which column of the file holds which field; throws on an unknown, repeated or missing column. */
export function mapHeader(header: string[]): Map<Column, number> {
  const byAlias = new Map<string, Column>();
  for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    for (const alias of aliases) byAlias.set(alias, column);
  }
  const map = new Map<Column, number>();
  const problems: string[] = [];
  header.forEach((title, index) => {
    const column = byAlias.get(simplify(title));
    if (!column) problems.push(`unknown column "${title}"`);
    else if (map.has(column)) problems.push(`column "${title}" appears twice`);
    else map.set(column, index);
  });
  for (const column of REQUIRED) if (!map.has(column)) problems.push(`missing column "${COLUMNS[column][0]}"`);
  if (!map.has('uai') && !map.has('siret') && !map.has('finess')) problems.push('no code column (uai, siret or finess)');
  if (problems.length > 0) throw new CsvError(1, `header: ${problems.join('; ')}`);
  return map;
}

/** Kinds registered in FINESS (health and social establishments): each has a FINESS number, and is imported by it. */
export const FINESS_KINDS: readonly PartnerKind[] = [PartnerKind.PMI, PartnerKind.HOSPITAL];

/**
 * The register an imported institution is matched on, and which it must carry: UAI for a school,
 * FINESS for a health or social establishment (a PMI centre, a hospital), SIRET for every other
 * institution — an association, and those FINESS does not register: courts, parquets, police and
 * gendarmerie, the CRIP, the 119, town halls, practices, the département's services,
 * observatories (INSEE's SIRENE registers every administration and every practice). Each code is
 * checked (check letter, Luhn key) as for any other row.
 */
export type NaturalKey = 'uai' | 'siret' | 'finess';
export function naturalKeyOf(kind: PartnerKind): NaturalKey {
  if (kind === PartnerKind.SCHOOL) return 'uai';
  if (FINESS_KINDS.includes(kind)) return 'finess';
  return 'siret';
}

export interface ImportRow {
  line: number;
  key: NaturalKey;
  fields: PartnerFields;
  /** Only the columns the file has: an absent column leaves the stored value alone. */
  present: Set<Column>;
  address: string | null;
  phone: string | null;
  closedOn: string | null;
}

export interface Rejection {
  line: number;
  reason: string;
}

function parseDate(raw: string): string | null {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : raw;
  return isIsoDate(iso) ? iso : null;
}

function parseKind(raw: string): PartnerKind | null {
  const key = simplify(raw).toUpperCase();
  if ((Object.values(PartnerKind) as string[]).includes(key)) return key as PartnerKind;
  return KIND_ALIASES[key] ?? null;
}

/** One record → a row to import, or every reason it cannot be. */
export function readRecord(record: CsvRecord, columns: Map<Column, number>, width: number): ImportRow | Rejection {
  if (record.values.length !== width) {
    return { line: record.line, reason: `expected ${width} fields like the header, got ${record.values.length}` };
  }
  const cell = (column: Column): string | null => {
    const index = columns.get(column);
    const value = index === undefined ? '' : record.values[index]!.trim();
    return value === '' ? null : value;
  };
  const reasons: string[] = [];
  const kindRaw = cell('kind') ?? '';
  const kind = parseKind(kindRaw);
  if (!kind) reasons.push(`kind: "${kindRaw}" is not a kind of institution (${Object.values(PartnerKind).join(', ')})`);
  const closedRaw = cell('closedOn');
  const closedOn = closedRaw === null ? null : parseDate(closedRaw);
  if (closedRaw !== null && closedOn === null) reasons.push(`closed_on: "${closedRaw}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
  const code = (column: Column) => {
    const value = cell(column);
    return value === null ? null : normaliseCode(value);
  };
  const fields: PartnerFields = {
    kind: kind ?? PartnerKind.SCHOOL,
    name: cell('name') ?? '',
    uai: code('uai'),
    siret: code('siret'),
    finess: code('finess'),
    postalCode: cell('postalCode'),
    commune: cell('commune') ?? '',
    communeCode: cell('communeCode') ?? '',
    email: cell('email')?.toLowerCase() ?? null,
    jurisdiction: [],
  };
  if (kind) {
    for (const problem of partnerProblems(fields)) reasons.push(`${problem.field}: ${problem.message}`);
    const key = naturalKeyOf(kind);
    if (!fields[key] && !reasons.some((r) => r.startsWith(`${key}:`))) {
      reasons.push(`${key}: a ${kind} is imported by its ${key.toUpperCase()}, which is missing`);
    }
  }
  if (reasons.length > 0) return { line: record.line, reason: reasons.join('; ') };
  return {
    line: record.line,
    key: naturalKeyOf(kind!),
    fields,
    present: new Set(columns.keys()),
    address: cell('address'),
    phone: cell('phone'),
    closedOn,
  };
}

/** Every record of the table, read and checked, including codes repeated within the file. */
export function readTable(table: CsvTable): { rows: ImportRow[]; rejected: Rejection[] } {
  const columns = mapHeader(table.header);
  const rows: ImportRow[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const result = readRecord(record, columns, table.header.length);
    if ('reason' in result) {
      rejected.push(result);
      continue;
    }
    const repeats: string[] = [];
    for (const register of ['uai', 'siret', 'finess'] as const) {
      const value = result.fields[register];
      if (!value) continue;
      const earlier = seen.get(`${register}:${value}`);
      if (earlier !== undefined) repeats.push(`${register}: ${register.toUpperCase()} ${value} is already on line ${earlier}`);
      else seen.set(`${register}:${value}`, result.line);
    }
    if (repeats.length > 0) rejected.push({ line: result.line, reason: repeats.join('; ') });
    else rows.push(result);
  }
  return { rows, rejected };
}
