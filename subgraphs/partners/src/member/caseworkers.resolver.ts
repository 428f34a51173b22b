import { forbidden, isUuid, type Principal } from '@passerelle/common';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';
import { Partner, PartnerKind } from '../partner/partner.entity';
import { PartnerMember } from './member.entity';

/** The internal query's name: the cases subgraph calls it (see cases' referent/caseworkers.ts). */
export const CASEWORKERS_QUERY = '_partnersCaseworkers';

/** Institutions whose members may be a child's référent or an evaluator (issue 13). */
export const CASEWORK_KINDS: readonly PartnerKind[] = [PartnerKind.DEPARTMENT, PartnerKind.CRIP];

/**
 * Which of these member ids are caseworkers today: active members of an active département or
 * CRIP. The cases subgraph asks it before it records a child's référent or an evaluation's
 * binôme, since it stores member ids only and never reads partners' tables. Passerelle's own
 * services only, and in no API schema (@inaccessible). One statement whatever the number of ids.
 */
@Resolver()
export class CaseworkersResolver {
  @Directive('@inaccessible')
  @Query(() => [ID], {
    name: CASEWORKERS_QUERY,
    description: 'Passerelle’s own services only: the given member ids that are active members of an active département or CRIP.',
  })
  async caseworkers(
    @Ctx() ctx: PartnersContext & { principal: Principal },
    @Arg('ids', () => [ID]) ids: string[],
  ): Promise<string[]> {
    if (ctx.principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].slice(0, 100);
    if (wanted.length === 0) return [];
    const rows: { id: string }[] = await ctx.db.dataSource
      .getRepository(PartnerMember)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .innerJoin(Partner, 'p', 'p.id = m.partner_id')
      .where('m.id IN (:...wanted)', { wanted })
      .andWhere('m.active AND p.active AND p.kind IN (:...kinds)', { kinds: [...CASEWORK_KINDS] })
      .getRawMany();
    return rows.map((r) => r.id);
  }
}
