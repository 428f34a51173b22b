import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Concern } from '../concern/concern.entity';
import { Caseworker } from '../partner/member.stub';
import type { CasesContext } from '../context';
import { daysBetween, todayInFrance } from '../dates';
import { Evaluation, EvaluationStatus } from './evaluation.entity';
import { ConcludeEvaluationInput, EvaluationsDueArgs, StartEvaluationInput, UpdateEvaluationInput } from './evaluation.input';
import { evaluationService } from './evaluation.service';

export const EvaluationConnection = Connection(Evaluation);

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Query(() => Evaluation, { description: 'One evaluation by id; NOT_FOUND when there is none.' })
  evaluation(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Evaluation> {
    return evaluationService.get(ctx, id);
  }

  @Query(() => EvaluationConnection, {
    description: 'Evaluations in progress due within N days, overdue ones first (the CRIP’s week): by due date, then id.',
  })
  evaluationsDue(@Ctx() ctx: CasesContext, @Args() due: EvaluationsDueArgs, @Args() page: PageArgs): Promise<Page<Evaluation>> {
    return evaluationService.due(ctx, due.withinDays, page);
  }

  @Access('EVALUATION_REPORTS')
  @Mutation(() => Evaluation, {
    description: 'Starts the evaluation of an ACKNOWLEDGED concern in binôme: the concern becomes IN_EVALUATION.',
  })
  startEvaluation(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: StartEvaluationInput): Promise<Evaluation> {
    return evaluationService.start(ctx, input);
  }

  @Access('EVALUATION_REPORTS')
  @Mutation(() => Evaluation, { description: 'Records findings and recommendation while the evaluation is in progress.' })
  updateEvaluation(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: UpdateEvaluationInput): Promise<Evaluation> {
    return evaluationService.update(ctx, input);
  }

  @Access('EVALUATION_REPORTS')
  @Mutation(() => Evaluation, {
    description: 'Concludes an evaluation; the concern takes the outcome as status, and a referral is sent when that is the outcome.',
  })
  concludeEvaluation(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ConcludeEvaluationInput): Promise<Evaluation> {
    return evaluationService.conclude(ctx, input);
  }

  @FieldResolver(() => Concern, { nullable: true, description: 'The concern evaluated. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  async concern(@Root() evaluation: Evaluation, @Ctx() ctx: CasesContext): Promise<Concern> {
    const concern = await ctx.loaders.concernById.load(evaluation.concernId);
    if (!concern) throw ctx.rows.absent('Concern', evaluation.concernId);
    return concern;
  }

  @FieldResolver(() => [Caseworker], {
    nullable: true,
    description: 'The binôme: two different members of the département or the CRIP; empty for an evaluation recorded before evaluators were members (see the deprecated names). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.',
  })
  evaluators(@Root() evaluation: Evaluation): Caseworker[] {
    return [evaluation.firstEvaluatorId, evaluation.secondEvaluatorId].flatMap((id) => (id ? [{ id }] : []));
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'In progress and past its due date (en retard). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  overdue(@Root() evaluation: Evaluation): boolean {
    return evaluation.status === EvaluationStatus.IN_PROGRESS && evaluation.dueOn < todayInFrance();
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Days from today to the due date; negative when overdue. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  daysLeft(@Root() evaluation: Evaluation): number {
    return daysBetween(todayInFrance(), evaluation.dueOn);
  }
}
