import { Access, notFound, type Page, PageArgs, requireUuid } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AgreementConnection } from '../connections';
import type { PartnersContext } from '../context';
import { parisToday } from '../dates';
import { Partner } from '../partner/partner.entity';
import { Agreement, inForce } from './agreement.entity';
import { AgreementsExpiringArgs, AgreementsInForceArgs, CreateAgreementInput, UpdateAgreementInput } from './agreement.input';
import { agreementService } from './agreement.service';
import { DataCategory } from './data-category';

@Resolver(() => Agreement)
export class AgreementResolver {
  @Access('PARTNER_ADMINISTRATION')
  @Query(() => Agreement, { description: 'One agreement by id; NOT_FOUND when there is none.' })
  partnerAgreement(@Ctx() ctx: PartnersContext, @Arg('id', () => ID, { description: 'The agreement’s id.' }) id: string): Promise<Agreement> {
    return agreementService.get(ctx, id);
  }

  @Access('PARTNER_ADMINISTRATION')
  @Query(() => AgreementConnection, { description: 'The agreements in force for a partner on a day (default today), newest first.' })
  agreementsInForce(@Ctx() ctx: PartnersContext, @Args() args: AgreementsInForceArgs, @Args() page: PageArgs): Promise<Page<Agreement>> {
    return agreementService.inForce(ctx, args.partnerId, args.on, page);
  }

  @Access('PARTNER_ADMINISTRATION')
  @Query(() => AgreementConnection, {
    description: 'Agreements in force whose last day falls within N days (to renew them in time), soonest first.',
  })
  agreementsExpiring(@Ctx() ctx: PartnersContext, @Args() args: AgreementsExpiringArgs, @Args() page: PageArgs): Promise<Page<Agreement>> {
    return agreementService.expiring(ctx, args.withinDays, args.from, page);
  }

  @Access('PARTNER_ADMINISTRATION')
  @Query(() => Boolean, {
    description:
      'Whether an active partner has, on a day (default today), agreements in force opening every one of these data categories.',
  })
  agreementInForceCovers(
    @Ctx() ctx: PartnersContext,
    @Arg('partnerId', () => ID, { description: 'The partner.' }) partnerId: string,
    @Arg('categories', () => [DataCategory], { description: 'The categories that would be shared.' }) categories: DataCategory[],
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'The day (default: today in France).' }) on?: string | null,
  ): Promise<boolean> {
    return agreementService.covers(ctx, requireUuid(partnerId, 'partnerId'), categories, on);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => Agreement, { description: 'Records an agreement signed with an active partner.' })
  createPartnerAgreement(
    @Ctx() ctx: PartnersContext,
    @Arg('input', { description: 'The agreement.' }) input: CreateAgreementInput,
  ): Promise<Agreement> {
    return agreementService.create(ctx, input);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => Agreement, { description: 'Amends an agreement (avenant) or ends it early; CONFLICT on a stale version.' })
  updatePartnerAgreement(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('input', { description: 'The changes.' }) input: UpdateAgreementInput,
  ): Promise<Agreement> {
    return agreementService.update(ctx, id, version, input);
  }

  @FieldResolver(() => Partner, { description: 'The partner the agreement binds.' })
  async partner(@Root() agreement: Agreement, @Ctx() ctx: PartnersContext): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(agreement.partnerId);
    if (!partner) throw notFound('Partner', agreement.partnerId);
    return partner;
  }

  @FieldResolver(() => Boolean, { description: 'Whether it applies on a day (default today in France).' })
  inForce(
    @Root() agreement: Agreement,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'The day.' }) on?: string | null,
  ): boolean {
    return inForce(agreement, on ?? parisToday());
  }
}
