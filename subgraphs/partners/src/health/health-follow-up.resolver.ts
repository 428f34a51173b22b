import { Access, notFound, PageArgs, type Page } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HealthFollowUpConnection } from '../connections';
import { DeclarationStatus } from '../declaration';
import { Child } from '../child/child.stub';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.entity';
import { HealthFollowUp } from './health-follow-up.entity';
import { StartHealthFollowUpInput } from './health-follow-up.input';
import { healthFollowUpService } from './health-follow-up.service';

@Resolver(() => HealthFollowUp)
export class HealthFollowUpResolver {
  @Access('HEALTH_FOLLOW_UP')
  @Mutation(() => HealthFollowUp, {
    description:
      'Starts a PMI follow-up. A PMI centre declares a follow-up by itself: the answer is a receipt (status DECLARED), the child is not in its slice and no other follow-up ends until the département confirms it. Recorded by the département, it is in force at once and the child’s follow-up by another centre ends the day before.',
  })
  startHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('input', { description: 'The follow-up.' }) input: StartHealthFollowUpInput,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.start(ctx, input);
  }

  @Access('HEALTH_FOLLOW_UP')
  @Mutation(() => HealthFollowUp, { description: 'Sets the last day of a follow-up in force; a PMI centre ends its own follow-ups only. CONFLICT on a stale version.' })
  endHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The follow-up.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('endDate', () => GraphQLLocalDate, { description: 'Last day of the follow-up.' }) endDate: string,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.end(ctx, id, version, endDate);
  }

  @Access('HEALTH_FOLLOW_UP_CONFIRMATION')
  @Query(() => HealthFollowUpConnection, {
    nullable: true,
    description:
      'Follow-up declarations by PMI centres, oldest first: those waiting for the département (DECLARED, by default), or those it confirmed or rejected. Null, with a FORBIDDEN error, when the institution’s agreements do not grant HEALTH_FOLLOW_UP.',
  })
  healthFollowUpDeclarations(
    @Ctx() ctx: PartnersContext,
    @Args() page: PageArgs,
    @Arg('status', () => DeclarationStatus, { defaultValue: DeclarationStatus.DECLARED, description: 'Which declarations.' }) status: DeclarationStatus,
  ): Promise<Page<HealthFollowUp>> {
    return healthFollowUpService.declarations(ctx, page, status);
  }

  @Access('HEALTH_FOLLOW_UP_CONFIRMATION')
  @Mutation(() => HealthFollowUp, {
    description:
      'The département confirms a PMI centre’s declaration: it comes into force (the child enters the PMI centre’s slice) and the child’s follow-up elsewhere ends the day before. BAD_USER_INPUT when the child does not exist; CONFLICT on a stale version.',
  })
  confirmHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The declaration.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.confirm(ctx, id, version);
  }

  @Access('HEALTH_FOLLOW_UP_CONFIRMATION')
  @Mutation(() => HealthFollowUp, { description: 'The département rejects a PMI centre’s declaration: it never comes into force. CONFLICT on a stale version.' })
  rejectHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The declaration.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('reason', { description: 'Why (the PMI centre reads it), 1 to 500 characters.' }) reason: string,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.reject(ctx, id, version, reason);
  }

  @FieldResolver(() => Child, {
    nullable: true,
    description: 'The child followed (null for a declaration naming a child Passerelle does not know: the département rejects it).',
  })
  child(@Root() followUp: HealthFollowUp): Child {
    return { id: followUp.childId };
  }

  @FieldResolver(() => Partner, { description: 'The PMI centre.' })
  async pmiCentre(@Root() followUp: HealthFollowUp, @Ctx() ctx: PartnersContext): Promise<Partner> {
    const centre = followUp.pmiCentre ?? (await ctx.loaders.partnerById.load(followUp.pmiId));
    if (!centre) throw notFound('Partner', followUp.pmiId);
    return centre;
  }
}
