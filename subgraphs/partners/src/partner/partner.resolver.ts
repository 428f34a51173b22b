import { Connection, notFound, PageArgs, paginate, requireUuid, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';
import { Partner, PartnerKind } from './partner.entity';

export const PartnerConnection = Connection(Partner);

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { description: 'One institution by id; NOT_FOUND when there is none.' })
  async partner(@Ctx() ctx: PartnersContext, @Arg('id', () => ID) id: string): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(requireUuid(id, 'id'));
    if (!partner) throw notFound('Partner', id);
    return partner;
  }

  @Query(() => PartnerConnection, { description: 'Institutions by name, optionally of one kind, a page at a time.' })
  partners(
    @Ctx() ctx: PartnersContext,
    @Args() page: PageArgs,
    @Arg('kind', () => PartnerKind, { nullable: true, description: 'Only institutions of this kind.' })
    kind?: PartnerKind | null,
  ): Promise<Page<Partner>> {
    const qb = ctx.db.dataSource.getRepository(Partner).createQueryBuilder('partner');
    if (kind) qb.where('partner.kind = :kind', { kind });
    return paginate(qb, page, { property: 'name', direction: 'ASC' });
  }
}
