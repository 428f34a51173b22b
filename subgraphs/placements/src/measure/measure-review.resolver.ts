import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { placementsNeedReview } from './measure-review';
import { Measure } from './measure.stub';

/**
 * The fields that depend on cases' `Measure.closedOn` (`@external` here, `@requires` below).
 * Composition refuses an `@external` field no other subgraph defines, so this resolver is
 * part of the schema only once the cases subgraph exposes `closedOn` (see contracts.ts).
 */
@Resolver(() => Measure)
export class MeasureReviewResolver {
  @Directive('@external')
  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'Day the measure ended or was lifted (owned by the cases subgraph). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  closedOn(@Root() measure: Measure): string | null {
    return measure.closedOn ?? null;
  }

  @Directive('@requires(fields: "closedOn")')
  @Access('PLACEMENTS')
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'True when the measure is closed (ended or lifted) while placements carrying it out are still open: they need review (à régulariser). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.',
  })
  async placementsNeedReview(@Root() measure: Measure, @Ctx() ctx: PlacementsContext): Promise<boolean> {
    if (!measure.closedOn) return false;
    return placementsNeedReview(measure.closedOn, await ctx.loaders.openPlacementCountByMeasure.load(measure.id));
  }
}
