import { registerEnumType } from 'type-graphql';

/**
 * Age bands a facility is approved for (tranches d'âge de l'agrément). A place is taken in one
 * band: the band of the child's age on the day the placement starts.
 */
export enum AgeBand {
  INFANT = 'INFANT',
  CHILD = 'CHILD',
  TEEN = 'TEEN',
  YOUNG_ADULT = 'YOUNG_ADULT',
}
registerEnumType(AgeBand, {
  name: 'PlacementAgeBand',
  description: 'Age band of a place in a facility (tranche d’âge de l’agrément).',
  valuesConfig: {
    INFANT: { description: 'Under 3 (tout-petits, pouponnière).' },
    CHILD: { description: '3 to 10 years old (enfants).' },
    TEEN: { description: '11 to 17 years old (adolescents).' },
    YOUNG_ADULT: { description: '18 to 20 years old (jeunes majeurs, contrat jeune majeur).' },
  },
});

export const AGE_BANDS = [AgeBand.INFANT, AgeBand.CHILD, AgeBand.TEEN, AgeBand.YOUNG_ADULT] as const;

/** The band of a child aged `age` full years (0 to 20). */
export function ageBandOf(age: number): AgeBand {
  if (age < 3) return AgeBand.INFANT;
  if (age < 11) return AgeBand.CHILD;
  if (age < 18) return AgeBand.TEEN;
  return AgeBand.YOUNG_ADULT;
}

/** Full years between a birth date and a day (both ISO dates): common's calendar. */
export { ageOn } from '@passerelle/common';

/** Facility column holding the capacity of each band. */
export const CAPACITY_COLUMN: Record<AgeBand, string> = {
  INFANT: 'capacity_infant',
  CHILD: 'capacity_child',
  TEEN: 'capacity_teen',
  YOUNG_ADULT: 'capacity_young_adult',
};
