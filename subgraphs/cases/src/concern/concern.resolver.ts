import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Measure } from '../measure/measure.entity';
import { Partner, partnerRef } from '../partner/partner.stub';
import { Referral } from '../referral/referral.entity';
import { Concern } from './concern.entity';
import { ConcernStatus, SenderOutcome } from './concern.enums';
import { ConcernFilter, RecordParentsInformationInput, RecordSenderFeedbackInput, SubmitConcernInput } from './concern.input';
import { senderOutcome, toldToSender, type ToldToSender } from './concern.lifecycle';
import { concernService } from './concern.service';

export const ConcernConnection = Connection(Concern);

/** The concern as this principal may know it: as it stands, or as its sender was told (row policy). */
function seen(ctx: CasesContext, concern: Concern): ToldToSender {
  if (ctx.rows.readsAsSender(concern)) return toldToSender(concern);
  return { status: concern.status, acknowledgedAt: concern.acknowledgedAt, closedAt: concern.closedAt, version: concern.version };
}

@Resolver(() => Concern)
export class ConcernResolver {
  @Query(() => Concern, { description: 'One information préoccupante by id; NOT_FOUND when there is none.' })
  concern(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Concern> {
    return concernService.get(ctx, id);
  }

  @Query(() => ConcernConnection, { description: 'Informations préoccupantes, newest first, a page at a time.' })
  concerns(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ConcernFilter, { nullable: true, description: 'Restrict the list.' }) filter?: ConcernFilter | null,
  ): Promise<Page<Concern>> {
    return concernService.list(ctx, filter, page);
  }

  @Access('CONCERN_SUBMISSION')
  @Mutation(() => Concern, {
    description:
      'Submits an information préoccupante (school, PMI, 119, hospital...). Idempotent: the same idempotencyKey from the same sender returns the concern already created; reused for a different concern it is CONFLICT.',
  })
  submitConcern(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: SubmitConcernInput): Promise<Concern> {
    return concernService.submit(ctx, input);
  }

  @Access('CONCERN_CONTENT')
  @Mutation(() => Concern, { description: 'The CRIP acknowledges a received concern: RECEIVED → ACKNOWLEDGED.' })
  acknowledgeConcern(
    @Ctx() ctx: CasesContext,
    @Arg('id', () => ID, { description: 'The concern.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
  ): Promise<Concern> {
    return concernService.acknowledge(ctx, id, version);
  }

  @Access('CONCERN_CONTENT')
  @Mutation(() => Concern, { description: 'Records whether the parents were informed of the concern, and why not (L226-2-1).' })
  recordParentsInformation(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RecordParentsInformationInput): Promise<Concern> {
    return concernService.recordParentsInformation(ctx, input);
  }

  @Access('CONCERN_CONTENT')
  @Mutation(() => Concern, { description: 'Records what the sender was told of its concern (L226-5).' })
  recordSenderFeedback(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RecordSenderFeedbackInput): Promise<Concern> {
    return concernService.recordSenderFeedback(ctx, input);
  }

  @Access('CONCERN_CONTENT')
  @FieldResolver(() => Partner, { nullable: true, description: 'The institution that sent it, when one did. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  sourcePartner(@Root() concern: Concern): Partner | null {
    return partnerRef(concern.sourcePartnerId);
  }

  @Access('OWN_CONCERN_STATUS')
  @FieldResolver(() => SenderOutcome, {
    nullable: true,
    description:
      'What the sender may know of its outcome (L226-5): the status in the sender’s terms, never the evaluation. The sender itself sees it only as far as the CRIP told it (`senderFeedback`): RECEIVED until then, BEING_PROCESSED once receipt is confirmed, the outcome once sent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.',
  })
  senderOutcome(@Root() concern: Concern, @Ctx() ctx: CasesContext): SenderOutcome {
    return senderOutcome(seen(ctx, concern).status);
  }

  // What the sender sees of the processing follows what the CRIP told it (CASF L226-5).
  @FieldResolver()
  status(@Root() concern: Concern, @Ctx() ctx: CasesContext): ConcernStatus {
    return seen(ctx, concern).status;
  }

  @FieldResolver()
  acknowledgedAt(@Root() concern: Concern, @Ctx() ctx: CasesContext): Date | null {
    return seen(ctx, concern).acknowledgedAt;
  }

  @FieldResolver()
  closedAt(@Root() concern: Concern, @Ctx() ctx: CasesContext): Date | null {
    return seen(ctx, concern).closedAt;
  }

  @FieldResolver()
  version(@Root() concern: Concern, @Ctx() ctx: CasesContext): number {
    return seen(ctx, concern).version;
  }

  @Access('CONCERN_CONTENT')
  @FieldResolver(() => [Child], { nullable: true, description: 'The children it concerns (siblings may share one concern). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  async children(@Root() concern: Concern, @Ctx() ctx: CasesContext): Promise<Child[]> {
    const links = await ctx.loaders.childLinksByConcern.load(concern.id);
    const children = await ctx.loaders.childById.loadMany(links.map((l) => l.childId));
    return children.map((c, i) => {
      if (!c || c instanceof Error) throw c instanceof Error ? c : ctx.rows.absent('Child', links[i]!.childId);
      return c;
    });
  }

  @Access('EVALUATION_REPORTS')
  @FieldResolver(() => [Evaluation], { nullable: true, description: 'Its evaluations, oldest first (a second one follows a return from the parquet). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  evaluations(@Root() concern: Concern, @Ctx() ctx: CasesContext): Promise<Evaluation[]> {
    return ctx.loaders.evaluationsByConcern.load(concern.id);
  }

  @Access('EVALUATION_REPORTS')
  @FieldResolver(() => [Referral], { nullable: true, description: 'Its referrals to the parquet, oldest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  referrals(@Root() concern: Concern, @Ctx() ctx: CasesContext): Promise<Referral[]> {
    return ctx.loaders.referralsByConcern.load(concern.id);
  }

  @Access('MEASURES')
  @FieldResolver(() => [Measure], { nullable: true, description: 'Measures that followed from it. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  measures(@Root() concern: Concern, @Ctx() ctx: CasesContext): Promise<Measure[]> {
    return ctx.loaders.measuresByConcern.load(concern.id);
  }
}

@Resolver(() => Child)
export class ChildConcernsResolver {
  @Access('CONCERN_CONTENT')
  @FieldResolver(() => ConcernConnection, { nullable: true, description: 'Informations préoccupantes naming the child, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  async concerns(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<Concern>> {
    const links = await ctx.loaders.concernLinksByChild.load({ parentId: child.id, args: page });
    const concerns = await ctx.loaders.concernById.loadMany(links.nodes.map((l) => l.concernId));
    const nodes = concerns.map((c, i) => {
      if (!c || c instanceof Error) throw c instanceof Error ? c : ctx.rows.absent('Concern', links.nodes[i]!.concernId);
      return c;
    });
    // The links' cursors page the list; the nodes are the concerns they point to.
    return { nodes, edges: nodes.map((node, i) => ({ node, cursor: links.edges[i]!.cursor })), pageInfo: links.pageInfo };
  }
}
