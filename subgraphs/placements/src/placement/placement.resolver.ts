import { Connection, notFound, PageArgs, requireUuid, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.stub';
import type { PlacementsContext } from '../context';
import { Facility } from '../facility/facility.entity';
import { Placement } from './placement.entity';

export const PlacementConnection = Connection(Placement);

@Resolver(() => Placement)
export class PlacementResolver {
  @Query(() => Placement, { description: 'One placement by id; NOT_FOUND when there is none.' })
  async placement(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID) id: string): Promise<Placement> {
    const placement = await ctx.loaders.placementById.load(requireUuid(id, 'id'));
    if (!placement) throw notFound('Placement', id);
    return placement;
  }

  @FieldResolver(() => Child, { description: 'The child placed.' })
  child(@Root() placement: Placement): Child {
    return { id: placement.childId };
  }

  @FieldResolver(() => Facility, { description: 'Where the child is placed.' })
  async facility(@Root() placement: Placement, @Ctx() ctx: PlacementsContext): Promise<Facility> {
    const facility = await ctx.loaders.facilityById.load(placement.facilityId);
    if (!facility) throw notFound('Facility', placement.facilityId);
    return facility;
  }
}

@Resolver(() => Child)
export class ChildPlacementsResolver {
  @FieldResolver(() => PlacementConnection, { description: 'The child’s placements, newest first.' })
  placements(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<Placement>> {
    return ctx.loaders.placementsByChild.load({ parentId: child.id, args: page });
  }
}
