import { Access, type Page, PageArgs } from '@passerelle/common';
import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { PlacementConnection } from '../placement/placement.connection';
import type { Placement } from '../placement/placement.entity';
import { placementsOfMeasure } from '../placement/placement.service';
import { Measure } from './measure.stub';

@Resolver(() => Measure)
export class MeasurePlacementsResolver {
  @Access('PLACEMENTS')
  @FieldResolver(() => PlacementConnection, { nullable: true, description: 'The placements carrying out this measure, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  placements(@Root() measure: Measure, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<Placement>> {
    return placementsOfMeasure(ctx, measure.id, page);
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => Int, { nullable: true, description: 'How many placements carrying out this measure are still open (placements en cours). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  openPlacementCount(@Root() measure: Measure, @Ctx() ctx: PlacementsContext): Promise<number> {
    return ctx.loaders.openPlacementCountByMeasure.load(measure.id);
  }
}
