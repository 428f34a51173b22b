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
  @FieldResolver(() => PlacementConnection, { description: 'The placements carrying out this measure, newest first.' })
  placements(@Root() measure: Measure, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<Placement>> {
    return placementsOfMeasure(ctx, measure.id, page);
  }

  @Access('PLACEMENTS')
  @FieldResolver(() => Int, { description: 'How many placements carrying out this measure are still open (placements en cours).' })
  openPlacementCount(@Root() measure: Measure, @Ctx() ctx: PlacementsContext): Promise<number> {
    return ctx.loaders.openPlacementCountByMeasure.load(measure.id);
  }
}
