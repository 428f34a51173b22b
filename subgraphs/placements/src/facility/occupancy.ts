import { Access } from '@passerelle/common';
import { Field, Int, ObjectType } from 'type-graphql';
import { AGE_BANDS, AgeBand } from './age-band';
import { placesIn, type Facility } from './facility.entity';

@Access('FACILITIES')
@ObjectType({ description: 'Live occupancy of a facility in one age band.' })
export class AgeBandOccupancy {
  @Field(() => AgeBand, { description: 'The age band.' })
  ageBand!: AgeBand;

  @Field(() => Int, { description: 'Approved places in the band.' })
  places!: number;

  @Field(() => Int, { description: 'Open placements taking a place in the band.' })
  activePlacements!: number;

  @Field(() => Int, { description: 'Free places in the band (places libres); 0 when full or beyond capacity.' })
  vacancies!: number;

  @Field(() => Int, { description: 'Placements beyond the approved places (surnombre), each with a recorded override reason.' })
  overCapacity!: number;
}

@Access('FACILITIES')
@ObjectType({ description: 'Live occupancy of a facility (taux d’occupation): places, open placements and vacancies.' })
export class Occupancy {
  @Field(() => Int, { description: 'Approved places, all bands (capacité agréée).' })
  capacity!: number;

  @Field(() => Int, { description: 'Open placements in the facility now.' })
  activePlacements!: number;

  @Field(() => Int, { description: 'Free places, summed over the bands (places libres).' })
  vacancies!: number;

  @Field(() => [AgeBandOccupancy], { description: 'The same, band by band (four bands, always all of them).' })
  byAgeBand!: AgeBandOccupancy[];
}

/** Occupancy from the facility's approved places and its open placements counted by band. */
export function occupancyOf(facility: Facility, openByBand: ReadonlyMap<AgeBand, number>): Occupancy {
  const byAgeBand = AGE_BANDS.map((ageBand) => {
    const places = placesIn(facility, ageBand);
    const activePlacements = openByBand.get(ageBand) ?? 0;
    return {
      ageBand,
      places,
      activePlacements,
      vacancies: Math.max(0, places - activePlacements),
      overCapacity: Math.max(0, activePlacements - places),
    };
  });
  return {
    capacity: facility.capacity,
    activePlacements: byAgeBand.reduce((sum, b) => sum + b.activePlacements, 0),
    vacancies: byAgeBand.reduce((sum, b) => sum + b.vacancies, 0),
    byAgeBand,
  };
}
