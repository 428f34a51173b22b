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

/** The codes of the statistics territories: the whole département, or one arrondissement. */
export type StatisticsTerritoryCode = 'DEPARTMENT' | ArrondissementCode;

export const STATISTICS_TERRITORIES: Record<StatisticsTerritoryCode, { name: string; communes: readonly string[] | null }> = {
  DEPARTMENT: { name: 'the whole département', communes: null },
  ...(Object.fromEntries(ARRONDISSEMENTS.map((a) => [a.code, { name: `the arrondissement of ${a.name}`, communes: a.communes }])) as Record<ArrondissementCode, { name: string; communes: readonly string[] }>),
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
): { code: StatisticsTerritoryCode; communes: string[] | null } {
  if (territory?.communes !== null && territory?.communes !== undefined) {
    throw badInput(
      'territory.communes: a statistics territory is the whole département or one of its arrondissements (territory.code), not a list of communes: lists differing by one commune would give its suppressed small cells back',
      'territory.communes',
    );
  }
  const code = territory?.code ?? 'DEPARTMENT';
  const found = STATISTICS_TERRITORIES[code];
  if (!found) throw badInput(`territory.code: unknown territory "${code}"`, 'territory.code');
  return { code, communes: found.communes ? [...found.communes] : null };
}
