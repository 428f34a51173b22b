import { Connection, notFound, PageArgs, paginate, requireUuid, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { Facility } from './facility.entity';

export const FacilityConnection = Connection(Facility);

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { description: 'One facility by id; NOT_FOUND when there is none.' })
  async facility(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID) id: string): Promise<Facility> {
    const facility = await ctx.loaders.facilityById.load(requireUuid(id, 'id'));
    if (!facility) throw notFound('Facility', id);
    return facility;
  }

  @Query(() => FacilityConnection, { description: 'Facilities by name, a page at a time.' })
  facilities(@Ctx() ctx: PlacementsContext, @Args() page: PageArgs): Promise<Page<Facility>> {
    const qb = ctx.db.dataSource.getRepository(Facility).createQueryBuilder('facility');
    return paginate(qb, page, { property: 'name', direction: 'ASC' });
  }
}
