import { Access, type Page, PageArgs, requireUuid } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.stub';
import type { PlacementsContext } from '../context';
import { Facility } from '../facility/facility.entity';
import { getFacility } from '../facility/facility.service';
import { Measure } from '../measure/measure.stub';
import { PlacementConnection } from './placement.connection';
import { Placement } from './placement.entity';
import { EndPlacementInput, PlaceChildInput } from './placement.input';
import { endPlacement, getPlacement, placeChild, placementsOfChild } from './placement.service';

@Resolver(() => Placement)
export class PlacementResolver {
  @Query(() => Placement, { description: 'One placement by id; NOT_FOUND when there is none, FORBIDDEN when outside your institution’s rows.' })
  placement(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID, { description: 'The placement’s id.' }) id: string): Promise<Placement> {
    return getPlacement(ctx, requireUuid(id, 'id'));
  }

  @Access('PLACEMENTS')
  @Mutation(() => Placement, {
    description:
      'Place a child in a facility under a measure. CONFLICT when the child already has an open placement, or when the age band is full and no capacityOverrideReason is given (two requests for the last place: one wins, the other gets CONFLICT).',
  })
  placeChild(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The placement.' }) input: PlaceChildInput): Promise<Placement> {
    return placeChild(ctx, input);
  }

  @Access('PLACEMENTS')
  @Mutation(() => Placement, { description: 'End a placement with its reason; CONFLICT on a stale version or if already ended.' })
  endPlacement(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The end.' }) input: EndPlacementInput): Promise<Placement> {
    return endPlacement(ctx, input);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child placed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  child(@Root() placement: Placement): Child {
    return { id: placement.childId };
  }

  @FieldResolver(() => Facility, { nullable: true, description: 'Where the child is placed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  facility(@Root() placement: Placement, @Ctx() ctx: PlacementsContext): Promise<Facility> {
    return getFacility(ctx, placement.facilityId);
  }

  @FieldResolver(() => Measure, { nullable: true, description: 'The measure this placement carries out (from the cases subgraph). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  measure(@Root() placement: Placement): Measure | null {
    return placement.measureId ? { id: placement.measureId } : null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the placement is still open (no end date yet). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  active(@Root() placement: Placement): boolean {
    return placement.endDate === null;
  }
}

@Resolver(() => Child)
export class ChildPlacementsResolver {
  @Access('PLACEMENTS')
  @FieldResolver(() => PlacementConnection, { nullable: true, description: 'The child’s placements, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the placements service cannot be reached: null means unknown, never none.' })
  placements(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<Placement>> {
    return placementsOfChild(ctx, child.id, page);
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => Placement, { nullable: true, description: 'The child’s open placement (placement en cours), if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the placements service cannot be reached: null means unknown, never none.' })
  currentPlacement(@Root() child: Child, @Ctx() ctx: PlacementsContext): Promise<Placement | null> {
    return ctx.loaders.currentPlacementByChild.load(child.id);
  }
}
