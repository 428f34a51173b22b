import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Concern } from '../concern/concern.entity';
import type { CasesContext } from '../context';
import { Partner } from '../partner/partner.stub';
import { Referral } from './referral.entity';
import { RecordReferralDecisionInput, ReferConcernInput, ReferralFilter } from './referral.input';
import { referralService } from './referral.service';

export const ReferralConnection = Connection(Referral);

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => Referral, { description: 'One referral by id; NOT_FOUND when there is none.' })
  referral(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Referral> {
    return referralService.get(ctx, id);
  }

  @Query(() => ReferralConnection, { description: 'Referrals to the parquet (signalements), newest first.' })
  referrals(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ReferralFilter, { nullable: true, description: 'Restrict the list.' }) filter?: ReferralFilter | null,
  ): Promise<Page<Referral>> {
    return referralService.list(ctx, filter, page);
  }

  @Access('EVALUATION_REPORTS')
  @Mutation(() => Referral, {
    description:
      'Refers a concern to the parquet without waiting for the evaluation (grave and immediate danger): the concern becomes REFERRED_TO_PROSECUTOR.',
  })
  referConcernToProsecutor(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ReferConcernInput): Promise<Referral> {
    return referralService.refer(ctx, input);
  }

  @Access('REFERRAL_DECISION')
  @Mutation(() => Referral, {
    description: 'Records the parquet’s decision; RETURN_FOR_EVALUATION puts the concern back to ACKNOWLEDGED for a new evaluation.',
  })
  recordReferralDecision(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RecordReferralDecisionInput): Promise<Referral> {
    return referralService.decide(ctx, input);
  }

  @FieldResolver(() => Concern, { nullable: true, description: 'The concern referred. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  async concern(@Root() referral: Referral, @Ctx() ctx: CasesContext): Promise<Concern> {
    const concern = await ctx.loaders.concernById.load(referral.concernId);
    if (!concern) throw ctx.rows.absent('Concern', referral.concernId);
    return concern;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The parquet it was sent to (a Partner). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  prosecutorOffice(@Root() referral: Referral): Partner {
    return { id: referral.prosecutorOfficeId };
  }
}
