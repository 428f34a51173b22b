import { badInput } from './errors';

/**
 * The territories of the département (territoires): the ONE definition, used by the vacancy
 * search ("nearby" = the same arrondissement) and by the analysts' statistics (a statistics
 * territory is the whole département or one arrondissement, never an arbitrary list of
 * communes: two lists differing by one commune would give that commune's suppressed small cells
 * back by subtraction). The arrondissements partition the communes: every commune is in exactly
 * one (checked by the unit test for the seeded ones).
 *
 * Demo vocabulary: Loire-Atlantique; the lists cover the seeded communes. A real deployment lists
 * every commune of the département here.
 */
export type ArrondissementCode = 'ARR_NANTES' | 'ARR_SAINT_NAZAIRE' | 'ARR_CHATEAUBRIANT_ANCENIS';

export interface Arrondissement {
  code: ArrondissementCode;
  name: string;
  /** INSEE codes of its communes. */
  communes: readonly string[];
}

export const ARRONDISSEMENTS: readonly Arrondissement[] = [
  {
    code: 'ARR_NANTES',
    name: 'Nantes',
    communes: ['44109', '44143', '44162', '44114', '44215', '44026', '44020', '44047', '44043', '44172', '44087'],
  },
  { code: 'ARR_SAINT_NAZAIRE', name: 'Saint-Nazaire', communes: ['44184', '44055', '44069', '44131', '44132', '44195'] },
  { code: 'ARR_CHATEAUBRIANT_ANCENIS', name: 'Châteaubriant-Ancenis', communes: ['44036', '44015', '44003'] },
];

/**
 * The codes of the statistics territories: the whole département, one arrondissement, or OTHER —
 * what is in none of them (a commune outside the lists, or not recorded). OTHER is published like
 * an arrondissement, small cells suppressed, so that the département minus the arrondissements
 * is never an unpublished remainder: the groups partition the département.
 */
export type StatisticsTerritoryCode = 'DEPARTMENT' | ArrondissementCode | 'OTHER';

const LISTED = ARRONDISSEMENTS.flatMap((a) => a.communes);

export const STATISTICS_TERRITORIES: Record<StatisticsTerritoryCode, { name: string; communes: readonly string[] | null; outside: readonly string[] | null }> = {
  DEPARTMENT: { name: 'the whole département', communes: null, outside: null },
  ...(Object.fromEntries(ARRONDISSEMENTS.map((a) => [a.code, { name: `the arrondissement of ${a.name}`, communes: a.communes, outside: null }])) as Record<
    ArrondissementCode,
    { name: string; communes: readonly string[]; outside: null }
  >),
  OTHER: { name: 'in no arrondissement (commune outside the lists, or not recorded)', communes: null, outside: LISTED },
};

/** The arrondissement (its name) of a commune (INSEE code), or null when it is in none. */
export function arrondissementOf(communeCode: string): string | null {
  return ARRONDISSEMENTS.find((a) => a.communes.includes(communeCode))?.name ?? null;
}

/** The communes a search "in `communeCode` or nearby" covers, the commune itself first. */
export function nearbyCommunes(communeCode: string): string[] {
  const arrondissement = ARRONDISSEMENTS.find((a) => a.communes.includes(communeCode));
  if (!arrondissement) return [communeCode];
  return [communeCode, ...arrondissement.communes.filter((code) => code !== communeCode)];
}

/**
 * The statistics territory asked: `territory.code` (absent: the whole département). Its communes,
 * or null for the whole département. A list of communes is refused (territory differencing).
 */
export function statisticsTerritory(
  territory: { code?: StatisticsTerritoryCode | null; communes?: readonly string[] | null } | null | undefined,
): { code: StatisticsTerritoryCode; communes: string[] | null; outside: string[] | null } {
  if (territory?.communes !== null && territory?.communes !== undefined) {
    throw badInput(
      'territory.communes: a statistics territory is the whole département or one of its arrondissements (territory.code), not a list of communes: lists differing by one commune would give its suppressed small cells back',
      'territory.communes',
    );
  }
  const code = territory?.code ?? 'DEPARTMENT';
  const found = STATISTICS_TERRITORIES[code];
  if (!found) throw badInput(`territory.code: unknown territory "${code}"`, 'territory.code');
  return { code, communes: found.communes ? [...found.communes] : null, outside: found.outside ? [...found.outside] : null };
}

/**
 * SQL: `expr` (a commune code, possibly null) is in the territory whose `communes` are bound to
 * `$n` and `outside` to `$n+1` (see `statisticsTerritory`); both null: the whole département.
 */
export function inTerritorySql(expr: string, n: number): string {
  return `(($${n}::text[] IS NULL OR COALESCE(${expr}, '') = ANY($${n}::text[])) AND ($${n + 1}::text[] IS NULL OR COALESCE(${expr}, '') <> ALL($${n + 1}::text[])))`;
}

/** An INSEE commune code: five digits, or 2A/2B and three digits in Corsica. */
export const INSEE_COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;

/**
 * The groups that partition the département (the arrondissements, then OTHER), in the fixed order
 * joint suppression goes through them (`buildTerritoryTable`): the département is their sum.
 */
export const STATISTICS_GROUPS: readonly StatisticsTerritoryCode[] = [...ARRONDISSEMENTS.map((a) => a.code), 'OTHER'];

/**
 * SQL: the statistics group (an arrondissement code, or 'OTHER') of `expr`, a commune code possibly
 * null. The communes are the constant lists above (checked INSEE codes), written as literals.
 */
export function territoryGroupSql(expr: string): string {
  const whens = ARRONDISSEMENTS.map((a) => {
    for (const c of a.communes) if (!INSEE_COMMUNE_CODE.test(c)) throw new Error(`territory: not an INSEE code: ${c}`);
    return `WHEN ${expr} IN (${a.communes.map((c) => `'${c}'`).join(', ')}) THEN '${a.code}'`;
  });
  return `(CASE ${whens.join(' ')} ELSE 'OTHER' END)`;
}
