import { AUDIENCE_PARTNER_KINDS, forbidden, isAudience, isUuid, type Principal } from '@passerelle/common';
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';

@Directive('@inaccessible')
@ObjectType({ description: 'Whether a token’s claims name a principal Passerelle accepts (gateway use only).' })
export class AccessVerdict {
  @Field({ description: 'Whether the principal may act.' })
  allowed!: boolean;

  @Field(() => String, { nullable: true, description: 'Why not.' })
  reason!: string | null;
}

/**
 * The facts the gateway checks before it accepts a token: the partner exists and is active, and
 * its kind matches the audience. Only Passerelle's own services may ask (`system` principal);
 * the field is @inaccessible, so it is not in any API schema.
 */
export const accessCheckService = {
  async check(ctx: PartnersContext, partnerId: string, _member: string, audience: string): Promise<AccessVerdict> {
    const no = (reason: string) => ({ allowed: false, reason });
    if (!isAudience(audience)) return no(`unknown audience "${audience}"`);
    if (!isUuid(partnerId)) return no(`unknown institution ${partnerId}`);
    const partner = await ctx.loaders.partnerById.load(partnerId);
    if (!partner) return no(`unknown institution ${partnerId}`);
    if (!partner.active) return no(`${partner.name} is closed`);
    if (!AUDIENCE_PARTNER_KINDS[audience].includes(partner.kind)) {
      return no(`${partner.name} is a ${partner.kind.toLowerCase()}, which cannot act as audience ${audience}`);
    }
    return { allowed: true, reason: null };
  },
};

function requireSystem(principal: Principal): void {
  if (principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
}

@Resolver()
export class AccessCheckResolver {
  @Directive('@inaccessible')
  @Query(() => AccessVerdict, { description: 'Gateway use only: may this member of this institution act as this audience today?' })
  _accessCheck(
    @Ctx() ctx: PartnersContext,
    @Arg('partnerId', () => ID) partnerId: string,
    @Arg('member') member: string,
    @Arg('audience') audience: string,
  ): Promise<AccessVerdict> {
    requireSystem(ctx.principal);
    return accessCheckService.check(ctx, partnerId, member, audience);
  }
}
