import { Access, notFound } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
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
    description: 'Starts a PMI follow-up; the child’s follow-up by another centre ends the day before.',
  })
  startHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('input', { description: 'The follow-up.' }) input: StartHealthFollowUpInput,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.start(ctx, input);
  }

  @Access('HEALTH_FOLLOW_UP')
  @Mutation(() => HealthFollowUp, { description: 'Sets the last day of a follow-up; CONFLICT on a stale version.' })
  endHealthFollowUp(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The follow-up.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('endDate', () => GraphQLLocalDate, { description: 'Last day of the follow-up.' }) endDate: string,
  ): Promise<HealthFollowUp> {
    return healthFollowUpService.end(ctx, id, version, endDate);
  }

  @FieldResolver(() => Child, { description: 'The child followed.' })
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
