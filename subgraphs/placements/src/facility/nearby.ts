import { COMMUNES } from '@passerelle/common';

/**
 * "Nearby", for vacancy searches, means: in the same arrondissement of Loire-Atlantique. Simple,
 * explainable to a caseworker, and how the département organises its territorial teams; no
 * geocoding needed. The list covers the seeded communes (demo vocabulary); a commune not in it
 * is near only to itself.
 */
export const ARRONDISSEMENTS: Record<string, readonly string[]> = {
  Nantes: ['44109', '44143', '44162', '44114', '44215', '44026', '44020', '44047', '44043', '44172', '44087'],
  'Saint-Nazaire': ['44184', '44055', '44069', '44131', '44132', '44195'],
  'Châteaubriant-Ancenis': ['44036', '44015', '44003'],
};

/** The arrondissement of a commune (INSEE code), or null when it is not in the list. */
export function arrondissementOf(communeCode: string): string | null {
  for (const [name, codes] of Object.entries(ARRONDISSEMENTS)) if (codes.includes(communeCode)) return name;
  return null;
}

/** The communes a search "in `communeCode` or nearby" covers, the commune itself first. */
export function nearbyCommunes(communeCode: string): string[] {
  const arrondissement = arrondissementOf(communeCode);
  if (!arrondissement) return [communeCode];
  return [communeCode, ...ARRONDISSEMENTS[arrondissement]!.filter((code) => code !== communeCode)];
}

/** Every seeded commune belongs to an arrondissement (checked by the unit test). */
export const SEEDED_COMMUNE_CODES = COMMUNES.map((c) => c.code);
