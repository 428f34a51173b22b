import {
  agreementCategoriesOf,
  AUDIENCE_PARTNER_KINDS,
  forbidden,
  isAudience,
  isUuid,
  type Principal,
} from '@passerelle/common';
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { agreementService } from '../agreement/agreement.service';
import type { PartnerMember } from '../member/member.entity';
import type { PartnersContext } from '../context';

@Directive('@inaccessible')
@ObjectType({ description: 'A département member’s place in the service, which narrows their rows (gateway use only).' })
export class MemberSlice {
  @Field({ description: 'MANAGER or CASEWORKER.' })
  role!: string;

  @Field(() => ID, { nullable: true, description: 'Their territorial team.' })
  teamId!: string | null;

  @Field(() => [String], { description: 'INSEE codes of the team’s communes.' })
  communes!: string[];
}

@Directive('@inaccessible')
@ObjectType({ description: 'Whether a token’s claims name a principal Passerelle accepts (gateway use only).' })
export class AccessVerdict {
  @Field({ description: 'Whether the principal may act.' })
  allowed!: boolean;

  @Field(() => String, { nullable: true, description: 'Why not.' })
  reason!: string | null;

  @Field(() => [String], { description: 'The data categories the institution’s agreements in force grant today.' })
  grants!: string[];

  @Field(() => String, { nullable: true, description: 'The institution’s kind (PartnerKind), when allowed.' })
  partnerKind!: string | null;
  @Field(() => MemberSlice, { nullable: true, description: 'For a member of the département: their role and team.' })
  department?: MemberSlice | null;
}

/**
 * The facts the gateway checks before it accepts a token: the institution exists and is active,
 * its kind matches the audience, the member (`sub`: a PartnerMember id) belongs to it and is
 * active, and an agreement in force today grants at least one category the matrix opens to the
 * audience. Only Passerelle's own services may ask (`system` principal); the field is
 * @inaccessible, so it is in no API schema.
 */
export const accessCheckService = {
  async check(ctx: PartnersContext, partnerId: string, member: string, audience: string): Promise<AccessVerdict> {
    const no = (reason: string) => ({ allowed: false, reason, grants: [], partnerKind: null });
    if (!isAudience(audience)) return no(`unknown audience "${audience}"`);
    if (!isUuid(partnerId)) return no(`unknown institution ${partnerId}`);
    const partner = await ctx.loaders.partnerById.load(partnerId);
    if (!partner) return no(`unknown institution ${partnerId}`);
    if (!partner.active) return no(`${partner.name} is closed`);
    if (!AUDIENCE_PARTNER_KINDS[audience].includes(partner.kind)) {
      return no(`${partner.name} is a ${partner.kind.toLowerCase()}, which cannot act as audience ${audience}`);
    }
    const person = isUuid(member) ? await ctx.loaders.memberById.load(member) : null;
    if (!person || person.partnerId !== partner.id) return no(`${member} is not a member of ${partner.name}`);
    if (!person.active) return no(`${person.firstName} ${person.lastName} no longer acts for ${partner.name}`);
    const granted = await agreementService.grantedCategories(ctx, partner.id);
    const grants = agreementCategoriesOf(audience).filter((c) => granted.has(c as never));
    if (grants.length === 0) {
      return no(`${partner.name} has no data-sharing agreement in force today covering the ${audience} audience`);
    }
    return { allowed: true, reason: null, grants, partnerKind: partner.kind, department: audience === 'department' ? await memberSlice(ctx, person) : null };
  },
};

/**
 * A département member's role and team, read here so that the gateway signs them into the
 * principal (never taken from the token). A team of another institution counts as none.
 */
async function memberSlice(ctx: PartnersContext, person: PartnerMember): Promise<MemberSlice> {
  const team = person.teamId ? await ctx.loaders.teamById.load(person.teamId) : null;
  const own = team && team.partnerId === person.partnerId ? team : null;
  return { role: person.accessRole === 'MANAGER' ? 'MANAGER' : 'CASEWORKER', teamId: own?.id ?? null, communes: own ? [...own.communes] : [] };
}

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
