import { AUDIENCE_PARTNER_KINDS, AUDIENCES, forbidden, type Audience, type Principal } from '@passerelle/common';
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';

/**
 * Sign-in with an OpenID Connect provider (issue 16): which member of Passerelle a provider's
 * verified claims name. The provider says who the person is (its `sub`, or an e-mail and the
 * organisation's SIRET, UAI or FINESS); Passerelle's directory says what they are: the member, the
 * institution, the audience (from the institution's kind) and the scopes. Nothing the provider
 * asserts beyond the identity widens what the member sees; `_accessCheck` then checks, as for any
 * token, that the member, the institution and an agreement hold today.
 */

/** The identity claims of a verified OpenID Connect token. */
export interface IdentityClaims {
  /** `subject` (the provider's `sub`, linked to a member by `oidc_subject`) or `email` (e-mail and organisation). */
  match: string;
  subject?: string | null;
  email?: string | null;
  siret?: string | null;
  uai?: string | null;
  finess?: string | null;
}

@Directive('@inaccessible')
@ObjectType({ description: 'The member a provider’s identity names (gateway use only).' })
export class IdentityVerdict {
  @Field(() => ID, { nullable: true, description: 'The member (a PartnerMember id), when one is named.' })
  memberId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Their institution.' })
  partnerId!: string | null;

  @Field(() => String, { nullable: true, description: 'The audience the institution’s kind acts as.' })
  audience!: string | null;

  @Field(() => [String], { description: 'The Passerelle scopes the directory gives the member.' })
  scopes!: string[];

  @Field(() => String, { nullable: true, description: 'Why no member is named.' })
  reason!: string | null;
}

/** The audience an institution of this kind signs in as: the first whose kinds include it (a département: `department`, not `analyst`). */
export function primaryAudience(kind: string): Audience | null {
  return AUDIENCES.find((audience) => AUDIENCE_PARTNER_KINDS[audience].includes(kind)) ?? null;
}

const REGISTERS = ['siret', 'uai', 'finess'] as const;

interface MemberRow {
  id: string;
  partner_id: string;
  scopes: string[];
  kind: string;
  siret: string | null;
  uai: string | null;
  finess: string | null;
}

const MEMBER_SQL = `
  SELECT m.id, m.partner_id, m.scopes, p.kind::text AS kind, p.siret, p.uai, p.finess
  FROM partners.partner_member m JOIN partners.partner p ON p.id = m.partner_id`;

export const identifyService = {
  async identify(ctx: PartnersContext, claims: IdentityClaims): Promise<IdentityVerdict> {
    const no = (reason: string): IdentityVerdict => ({ memberId: null, partnerId: null, audience: null, scopes: [], reason });
    let row: MemberRow | undefined;
    if (claims.match === 'subject') {
      if (!claims.subject) return no('the identity provider’s token names no subject');
      [row] = (await ctx.db.dataSource.query(`${MEMBER_SQL} WHERE m.oidc_subject = $1`, [claims.subject])) as MemberRow[];
      if (!row) return no('this identity is linked to no member of Passerelle');
    } else if (claims.match === 'email') {
      const email = claims.email?.trim().toLowerCase();
      if (!email) return no('the identity provider’s token names no e-mail');
      const asserted = REGISTERS.filter((register) => claims[register]);
      if (asserted.length === 0) return no('the identity provider’s token names no organisation (SIRET, UAI or FINESS)');
      [row] = (await ctx.db.dataSource.query(`${MEMBER_SQL} WHERE m.email = $1`, [email])) as MemberRow[];
      // The e-mail alone is not enough: the organisation the provider vouches for must be the
      // member's own institution in one of its registers (an address reused elsewhere names no one).
      const same = (register: (typeof REGISTERS)[number]) => row?.[register] != null && row[register]!.toUpperCase() === claims[register]!.replace(/\s/g, '').toUpperCase();
      if (!row || !asserted.some(same)) return no('no member of Passerelle has this e-mail in this organisation');
    } else {
      return no(`unknown match "${claims.match}"`);
    }
    const audience = primaryAudience(row.kind);
    if (!audience) return no('this member’s institution acts as no audience');
    return { memberId: row.id, partnerId: row.partner_id, audience, scopes: row.scopes, reason: null };
  },
};

function requireSystem(principal: Principal): void {
  if (principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
}

@Resolver()
export class IdentifyResolver {
  @Directive('@inaccessible')
  @Query(() => IdentityVerdict, { description: 'Gateway use only: which member of Passerelle an identity provider’s verified claims name.' })
  _identify(
    @Ctx() ctx: PartnersContext,
    @Arg('match', { description: '`subject` or `email`.' }) match: string,
    @Arg('subject', () => String, { nullable: true, description: 'The provider’s subject.' }) subject: string | null,
    @Arg('email', () => String, { nullable: true, description: 'The e-mail the provider verified.' }) email: string | null,
    @Arg('siret', () => String, { nullable: true, description: 'The organisation’s SIRET, as the provider asserts it.' }) siret: string | null,
    @Arg('uai', () => String, { nullable: true, description: 'The organisation’s UAI, as the provider asserts it.' }) uai: string | null,
    @Arg('finess', () => String, { nullable: true, description: 'The organisation’s FINESS, as the provider asserts it.' }) finess: string | null,
  ): Promise<IdentityVerdict> {
    requireSystem(ctx.principal);
    return identifyService.identify(ctx, { match, subject, email, siret, uai, finess });
  }
}
