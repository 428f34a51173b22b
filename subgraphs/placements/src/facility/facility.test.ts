import { arrondissementOf, COMMUNES, nearbyCommunes } from '@passerelle/common';
import { ageBandOf, AgeBand, ageOn } from './age-band';
import type { Facility } from './facility.entity';
import { occupancyOf } from './occupancy';

describe('age bands and nearby communes', () => {
  it('puts each age in its band', () => {
    expect([0, 2, 3, 10, 11, 17, 18, 20].map(ageBandOf)).toEqual([
      AgeBand.INFANT, AgeBand.INFANT, AgeBand.CHILD, AgeBand.CHILD, AgeBand.TEEN, AgeBand.TEEN, AgeBand.YOUNG_ADULT, AgeBand.YOUNG_ADULT,
    ]);
  });

  it('counts full years, birthdays included', () => {
    expect(ageOn('2016-11-02', '2026-11-01')).toBe(9);
    expect(ageOn('2016-11-01', '2026-11-01')).toBe(10);
  });

  it('places every seeded commune in an arrondissement, and nearby means the same one', () => {
    for (const commune of COMMUNES) expect(arrondissementOf(commune.code)).not.toBeNull();
    const nantes = nearbyCommunes('44109');
    expect(nantes[0]).toBe('44109');
    expect(nantes).toContain('44143'); // Rezé
    expect(nantes).not.toContain('44184'); // Saint-Nazaire
    expect(nearbyCommunes('99999')).toEqual(['99999']);
  });
});

describe('occupancy', () => {
  const facility = { capacity: 6, capacityInfant: 0, capacityChild: 2, capacityTeen: 4, capacityYoungAdult: 0 } as Facility;

  it('counts vacancies band by band, never below zero, and what is beyond capacity', () => {
    const occupancy = occupancyOf(facility, new Map([[AgeBand.CHILD, 3], [AgeBand.TEEN, 1]]));
    expect(occupancy).toMatchObject({ capacity: 6, activePlacements: 4, vacancies: 3 });
    expect(occupancy.byAgeBand.find((b) => b.ageBand === AgeBand.CHILD)).toEqual({
      ageBand: AgeBand.CHILD, places: 2, activePlacements: 3, vacancies: 0, overCapacity: 1,
    });
    expect(occupancy.byAgeBand.find((b) => b.ageBand === AgeBand.TEEN)).toMatchObject({ vacancies: 3, overCapacity: 0 });
  });
});
