import { Access, Connection, type Page, PageArgs, requireUuid } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { Partner } from '../partner/partner.stub';
import { Placement } from '../placement/placement.entity';
import { PlacementConnection } from '../placement/placement.connection';
import { placementsOfFacility } from '../placement/placement.service';
import { AGE_BANDS } from './age-band';
import { AgeBandCapacity, Facility, FacilityKind, placesIn } from './facility.entity';
import { RegisterFacilityInput, SetFacilityPlacesInput } from './facility.input';
import { facilitiesWithVacancy, facilityAddress, facilityOccupancy, getFacility, listFacilities, registerFacility, setFacilityPlaces } from './facility.service';
import { Occupancy } from './occupancy';
import { VacancySearchArgs } from '../placement/placement.input';

export const FacilityConnection = Connection(Facility);

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { description: 'One facility by id; NOT_FOUND when there is none, FORBIDDEN when outside your institution’s rows.' })
  facility(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID, { description: 'The facility’s id.' }) id: string): Promise<Facility> {
    return getFacility(ctx, requireUuid(id, 'id'));
  }

  @Query(() => FacilityConnection, { description: 'Facilities by name, a page at a time, optionally of one kind or in one commune.' })
  facilities(
    @Ctx() ctx: PlacementsContext,
    @Args() page: PageArgs,
    @Arg('kind', () => FacilityKind, { nullable: true, description: 'Only facilities of this kind.' }) kind?: FacilityKind | null,
    @Arg('communeCode', () => String, { nullable: true, description: 'Only facilities in this commune (INSEE code).' })
    communeCode?: string | null,
  ): Promise<Page<Facility>> {
    return listFacilities(ctx, { kind, communeCode }, page);
  }

  @Query(() => FacilityConnection, {
    description:
      'Facilities with a free place for a child of this age, in this commune or nearby (same arrondissement), approval in force; by name. Vacancies are live: counted from open placements.',
  })
  facilitiesWithVacancy(@Ctx() ctx: PlacementsContext, @Args() search: VacancySearchArgs): Promise<Page<Facility>> {
    return facilitiesWithVacancy(ctx, search, search);
  }

  @Access('FACILITIES')
  @Mutation(() => Facility, { description: 'Register a placement setting with its approval and approved places.' })
  registerFacility(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The facility.' }) input: RegisterFacilityInput): Promise<Facility> {
    return registerFacility(ctx, input);
  }

  @Access('FACILITIES')
  @Mutation(() => Facility, {
    description: 'Change a facility’s approved places (new agrément); a band cannot go below its open placements. CONFLICT on a stale version.',
  })
  setFacilityPlaces(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The new places.' }) input: SetFacilityPlacesInput): Promise<Facility> {
    return setFacilityPlaces(ctx, input);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The institution running the facility (gestionnaire), from the partners subgraph.' })
  operator(@Root() facility: Facility): Partner | null {
    return facility.operatorId ? { id: facility.operatorId } : null;
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Street address (adresse). When `confidentialAddress` is true (a foster family’s), only the département, the operator, and a judge while the facility houses a child before its court read it (CC 375-7): anyone else gets null and FORBIDDEN.',
  })
  address(@Root() facility: Facility, @Ctx() ctx: PlacementsContext): Promise<string> {
    return facilityAddress(ctx, facility, 'address');
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => String, { nullable: true, description: 'Postal code (code postal); confidential with the address. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  postalCode(@Root() facility: Facility, @Ctx() ctx: PlacementsContext): Promise<string> {
    return facilityAddress(ctx, facility, 'postalCode');
  }

  @FieldResolver(() => [AgeBandCapacity], { description: 'Approved places by age band (four bands, always all of them).' })
  capacityByAgeBand(@Root() facility: Facility): AgeBandCapacity[] {
    return AGE_BANDS.map((ageBand) => ({ ageBand, places: placesIn(facility, ageBand) }));
  }

  @FieldResolver(() => Occupancy, { description: 'Live occupancy: approved places, open placements and vacancies.' })
  occupancy(@Root() facility: Facility, @Ctx() ctx: PlacementsContext): Promise<Occupancy> {
    return facilityOccupancy(ctx, facility);
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => PlacementConnection, { nullable: true, description: 'Placements in this facility, newest first: open ones only (the children placed there now), or all. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  placements(
    @Root() facility: Facility,
    @Args() page: PageArgs,
    @Ctx() ctx: PlacementsContext,
    @Arg('openOnly', { defaultValue: false, description: 'Only the placements still open.' }) openOnly: boolean,
  ): Promise<Page<Placement>> {
    return placementsOfFacility(ctx, facility.id, page, openOnly);
  }
}
