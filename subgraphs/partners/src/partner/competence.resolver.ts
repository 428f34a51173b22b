import { forbidden, isUuid, type Principal } from '@passerelle/common';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';
import { PartnerKind } from './partner.entity';

/** The internal query's name: the cases subgraph calls it (see cases' access/competence.ts). */
export const COURT_JURISDICTION_QUERY = '_partnersCourtJurisdiction';

/**
 * A children's court's territorial competence (ressort): the INSEE codes of the communes its
 * jurisdiction covers. The cases subgraph asks it before a judge creates a hearing or a measure
 * for a child not yet before the court (the judge of the place where the child lives is competent,
 * CPC 1181), since it never reads partners' tables. Passerelle's own services only, and in no API
 * schema (@inaccessible). A closed court, another kind of institution or an unknown id: no commune.
 */
@Resolver()
export class CourtJurisdictionResolver {
  @Directive('@inaccessible')
  @Query(() => [String], {
    name: COURT_JURISDICTION_QUERY,
    description: 'Passerelle’s own services only: the communes (INSEE codes) a children’s court is competent for.',
  })
  async courtJurisdiction(
    @Ctx() ctx: PartnersContext & { principal: Principal },
    @Arg('courtId', () => ID) courtId: string,
  ): Promise<string[]> {
    if (ctx.principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
    if (!isUuid(courtId)) return [];
    const court = await ctx.loaders.partnerById.load(courtId.toLowerCase());
    if (!court || court.kind !== PartnerKind.COURT || !court.active) return [];
    return court.jurisdiction.map((c) => c.code);
  }
}
