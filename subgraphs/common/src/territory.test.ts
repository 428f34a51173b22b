import { COMMUNES } from './seed/france';
import { ARRONDISSEMENTS, arrondissementOf, nearbyCommunes, STATISTICS_TERRITORIES, statisticsTerritory } from './territory';

describe('territories', () => {
  it('the arrondissements partition the seeded communes: each one in exactly one', () => {
    for (const commune of COMMUNES) {
      expect({ commune: commune.code, in: ARRONDISSEMENTS.filter((a) => a.communes.includes(commune.code)).length }).toEqual({
        commune: commune.code,
        in: 1,
      });
    }
    const listed = ARRONDISSEMENTS.flatMap((a) => a.communes);
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(COMMUNES.map((c) => c.code)));
  });

  it('nearby is the same arrondissement; a commune in none is near only to itself', () => {
    expect(arrondissementOf('44184')).toBe('Saint-Nazaire');
    const nantes = nearbyCommunes('44109');
    expect(nantes[0]).toBe('44109');
    expect(nantes).toContain('44143');
    expect(nantes).not.toContain('44184');
    expect(nearbyCommunes('99999')).toEqual(['99999']);
  });

  it('a statistics territory is the département or one arrondissement; a commune list is refused', () => {
    expect(Object.keys(STATISTICS_TERRITORIES)).toEqual(['DEPARTMENT', 'ARR_NANTES', 'ARR_SAINT_NAZAIRE', 'ARR_CHATEAUBRIANT_ANCENIS', 'OTHER']);
    expect(statisticsTerritory(null)).toEqual({ code: 'DEPARTMENT', communes: null, outside: null });
    expect(statisticsTerritory({ code: 'ARR_CHATEAUBRIANT_ANCENIS' })).toEqual({ code: 'ARR_CHATEAUBRIANT_ANCENIS', communes: ['44036', '44015', '44003'], outside: null });
    expect(statisticsTerritory({ code: 'OTHER' }).outside).toHaveLength(COMMUNES.length);
    expect(() => statisticsTerritory({ communes: ['44109'] })).toThrow(/not a list of communes/);
    expect(() => statisticsTerritory({ code: 'ARR_NANTES', communes: ['44109'] })).toThrow(/not a list of communes/);
  });
});
