import { Access, childPlanDueOn, Connection, deciderOf, familyCouncilReviewDueOn, judgeSeizureDueOn, measureRule, type Page, PageArgs } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import { Concern } from '../concern/concern.entity';
import type { CasesContext } from '../context';
import { Partner, partnerRef } from '../partner/partner.stub';
import { SituationReport, SituationReportStatus } from '../report/situation-report.entity';
import { MeasureRenewal } from './measure-renewal.entity';
import { measureAutonomyInterviewDueOn, takesAutonomyInterview } from './measure.deadlines';
import { Measure } from './measure.entity';
import { MeasureDecider, MeasureStatus } from './measure.enums';
import { ActivateMeasureInput, CloseMeasureInput, MeasuresEndingArgs, ProposeMeasureInput, RenewMeasureInput } from './measure.input';
import { measureService } from './measure.service';
import { todayInFrance } from '../dates';

export const MeasureConnection = Connection(Measure);

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => Measure, { description: 'One measure by id; NOT_FOUND when there is none.' })
  measure(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Measure> {
    return measureService.get(ctx, id);
  }

  @Query(() => MeasureConnection, {
    description: 'Open measures whose planned end falls within N days, soonest first (mesures arrivant à échéance).',
  })
  measuresEnding(@Ctx() ctx: CasesContext, @Args() ending: MeasuresEndingArgs, @Args() page: PageArgs): Promise<Page<Measure>> {
    return measureService.ending(ctx, ending.withinDays, page);
  }

  @Access('MEASURES')
  @Mutation(() => Measure, { description: 'Proposes a measure for a child (status PROPOSED).' })
  proposeMeasure(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ProposeMeasureInput): Promise<Measure> {
    return measureService.propose(ctx, input);
  }

  @Access('MEASURES')
  @Mutation(() => Measure, { description: 'Puts a proposed measure in force (ACTIVE); its first situation report falls due.' })
  activateMeasure(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ActivateMeasureInput): Promise<Measure> {
    return measureService.activate(ctx, input);
  }

  @Access('MEASURES')
  @Mutation(() => Measure, { description: 'Renews a measure in force (RENEWED), moving its planned end.' })
  renewMeasure(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RenewMeasureInput): Promise<Measure> {
    return measureService.renew(ctx, input);
  }

  @Access('MEASURES')
  @Mutation(() => Measure, { description: 'Ends a measure in force (ENDED).' })
  endMeasure(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: CloseMeasureInput): Promise<Measure> {
    return measureService.close(ctx, input, MeasureStatus.ENDED);
  }

  @Access('MEASURES')
  @Mutation(() => Measure, { description: 'Records the judge’s lifting of a judicial measure (mainlevée, LIFTED).' })
  liftMeasure(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: CloseMeasureInput): Promise<Measure> {
    return measureService.close(ctx, input, MeasureStatus.LIFTED);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child protected. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  async child(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(measure.childId);
    if (!child) throw ctx.rows.absent('Child', measure.childId);
    return child;
  }

  @Access('CONCERN_CONTENT')
  @FieldResolver(() => Concern, { nullable: true, description: 'The information préoccupante it follows from, if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  async concern(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<Concern | null> {
    if (!measure.concernId) return null;
    const found = await ctx.loaders.concernById.load(measure.concernId);
    if (!found) throw ctx.rows.absent('Concern', measure.concernId);
    return found;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'Judicial measures: the children’s court (a Partner). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  court(@Root() measure: Measure): Partner | null {
    return partnerRef(measure.courtId);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The association carrying it out (a Partner), if not the ASE itself. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  operator(@Root() measure: Measure): Partner | null {
    return partnerRef(measure.operatorId);
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The day it ended or was lifted; null while it is open (proposed, active or renewed). Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  closedOn(@Root() measure: Measure): string | null {
    return measure.liftedAt ?? measure.endedOn ?? null;
  }

  @FieldResolver(() => [MeasureRenewal], { nullable: true, description: 'Its renewals, oldest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  renewals(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<MeasureRenewal[]> {
    return ctx.loaders.renewalsByMeasure.load(measure.id);
  }

  @Access('SITUATION_REPORTS')
  @FieldResolver(() => [SituationReport], { nullable: true, description: 'Its situation reports, by due date (one every 6 or 12 months). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  situationReports(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<SituationReport[]> {
    return ctx.loaders.reportsByMeasure.load(measure.id);
  }

  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'When its next situation report is due; null when none is pending. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  async nextReportDueOn(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<string | null> {
    const reports = await ctx.loaders.reportDueDatesByMeasure.load(measure.id);
    return reports.find((r) => r.status === SituationReportStatus.DRAFT)?.dueOn ?? null;
  }

  @FieldResolver(() => MeasureDecider, {
    nullable: true,
    description: 'Who decided it: the département, a judge, or the parquet (an OPP). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  decidedBy(@Root() measure: Measure): MeasureDecider {
    return deciderOf(measure.judicial, measure.decidedBy) as MeasureDecider;
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'An OPP ordered by the parquet: the day by which the children’s judge is seized, 8 days after the order (CC 375-5); null otherwise. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  judgeSeizureDueOn(@Root() measure: Measure): string | null {
    return judgeSeizureDueOn(measure.kind, deciderOf(measure.judicial, measure.decidedBy), measure.decisionDate);
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'When the child’s plan (projet pour l’enfant) falls due: 3 months after the start (CASF L223-1-1); null for a kind without one (contrat jeune majeur). Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  childPlanDueOn(@Root() measure: Measure): string | null {
    return childPlanDueOn(measure.kind, measure.startDate);
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'When the autonomy interview falls due for a child taken in care: at 17, a year before majority, or at the start when the child is older (CASF L222-5-1); null when the measure ends before or does not take the child in. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  async autonomyInterviewDueOn(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<string | null> {
    if (!takesAutonomyInterview(measure.kind)) return null;
    const child = await ctx.loaders.childById.load(measure.childId);
    if (!child) return null;
    return measureAutonomyInterviewDueOn(measure, child.birthDate);
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'A ward of the State: the family council’s next review of the situation, within 2 months of admission then yearly (CASF L224-4, L225-1); null for other kinds. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  familyCouncilReviewDueOn(@Root() measure: Measure): string | null {
    return familyCouncilReviewDueOn(measure.kind, measure.startDate, todayInFrance());
  }
}

@Resolver(() => Child)
export class ChildMeasuresResolver {
  @Access('PROTECTED_STATUS')
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Whether the child is protected now: a measure is in force (enfant protégé, mesure en cours). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.',
  })
  underProtection(@Root() child: Child, @Ctx() ctx: CasesContext): Promise<boolean> {
    return ctx.loaders.underProtection.load(child.id);
  }

  @Access('MEASURES')
  @FieldResolver(() => MeasureConnection, { nullable: true, description: 'The child’s measures, latest start first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  measures(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<Measure>> {
    return ctx.loaders.measuresByChild.load({ parentId: child.id, args: page });
  }
}
