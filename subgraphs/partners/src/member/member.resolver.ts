import { Team } from '../team/team.entity';
import { Access, notFound } from '@passerelle/common';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.entity';
import { CreatePartnerMemberInput, UpdatePartnerMemberInput, MemberAccessInput } from './member.input';
import { PartnerMember } from './member.entity';
import { memberService } from './member.service';

@Resolver(() => PartnerMember)
export class PartnerMemberResolver {
  @Access('PARTNER_ADMINISTRATION')
  @Query(() => PartnerMember, { description: 'One member by id (the `sub` of their tokens); NOT_FOUND when there is none.' })
  partnerMember(@Ctx() ctx: PartnersContext, @Arg('id', () => ID, { description: 'The member’s id.' }) id: string): Promise<PartnerMember> {
    return memberService.get(ctx, id);
  }

  @Access('PARTNER_ADMINISTRATION')
  @Query(() => PartnerMember, { nullable: true, description: 'The member with this professional email (case-insensitive), or null.' })
  partnerMemberByEmail(
    @Ctx() ctx: PartnersContext,
    @Arg('email', { description: 'Professional email.' }) email: string,
  ): Promise<PartnerMember | null> {
    return memberService.findByEmail(ctx, email);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => PartnerMember, { description: 'Records a person acting for an active institution; a taken email is BAD_USER_INPUT.' })
  createPartnerMember(
    @Ctx() ctx: PartnersContext,
    @Arg('input', { description: 'The member.' }) input: CreatePartnerMemberInput,
  ): Promise<PartnerMember> {
    return memberService.create(ctx, input);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => PartnerMember, { description: 'Changes a member (deactivate with active: false); CONFLICT on a stale version.' })
  updatePartnerMember(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The member.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('input', { description: 'The changes.' }) input: UpdatePartnerMemberInput,
  ): Promise<PartnerMember> {
    return memberService.update(ctx, id, version, input);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => PartnerMember, {
    description:
      'Sets a member’s rights: scopes, role and team (département members), the identity provider’s subject. Scope directory:admin; never on one’s own record (FORBIDDEN); CONFLICT on a stale version.',
  })
  setMemberAccess(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The member.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('input', { description: 'The rights to set.' }) input: MemberAccessInput,
  ): Promise<PartnerMember> {
    return memberService.setAccess(ctx, id, version, input);
  }

  @FieldResolver(() => Partner, { description: 'The institution the person acts for.' })
  async partner(@Root() member: PartnerMember, @Ctx() ctx: PartnersContext): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(member.partnerId);
    if (!partner) throw notFound('Partner', member.partnerId);
    return partner;
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The département member’s territorial team; null: none (a manager, or another institution’s member).' })
  async team(@Root() member: PartnerMember, @Ctx() ctx: PartnersContext): Promise<Team | null> {
    return member.teamId ? ctx.loaders.teamById.load(member.teamId) : null;
  }
}
