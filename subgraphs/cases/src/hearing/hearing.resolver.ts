import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Measure } from '../measure/measure.entity';
import { Partner } from '../partner/partner.stub';
import { Hearing } from './hearing.entity';
import { CourtHearingsArgs, RecordHearingOutcomeInput, ScheduleHearingInput } from './hearing.input';
import { hearingService } from './hearing.service';

export const HearingConnection = Connection(Hearing);

@Resolver(() => Hearing)
export class HearingResolver {
  @Query(() => Hearing, { description: 'One hearing by id; NOT_FOUND when there is none.' })
  hearing(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Hearing> {
    return hearingService.get(ctx, id);
  }

  @Access('MEASURES')
  @Query(() => HearingConnection, {
    nullable: true,
    description:
      'A children’s court’s hearings in a period, by date and time (rôle d’audience): a judge’s own court by default; only the hearings of your rows (a judge: of the children of its slice). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  courtHearings(@Ctx() ctx: CasesContext, @Args() args: CourtHearingsArgs, @Args() page: PageArgs): Promise<Page<Hearing>> {
    return hearingService.ofCourt(ctx, args, page);
  }

  @Access('MEASURES')
  @Mutation(() => Hearing, { description: 'Records a coming court hearing about a child.' })
  scheduleHearing(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ScheduleHearingInput): Promise<Hearing> {
    return hearingService.schedule(ctx, input);
  }

  @Access('MEASURES')
  @Mutation(() => Hearing, { description: 'Records what a hearing that took place decided.' })
  recordHearingOutcome(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RecordHearingOutcomeInput): Promise<Hearing> {
    return hearingService.recordOutcome(ctx, input);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child it is about. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  async child(@Root() hearing: Hearing, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(hearing.childId);
    if (!child) throw ctx.rows.absent('Child', hearing.childId);
    return child;
  }

  @FieldResolver(() => Measure, { nullable: true, description: 'The measure it is about, if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  async measure(@Root() hearing: Hearing, @Ctx() ctx: CasesContext): Promise<Measure | null> {
    if (!hearing.measureId) return null;
    const found = await ctx.loaders.measureById.load(hearing.measureId);
    if (!found) throw ctx.rows.absent('Measure', hearing.measureId);
    return found;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The court (a Partner). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  court(@Root() hearing: Hearing): Partner {
    return { id: hearing.courtId };
  }
}

@Resolver(() => Child)
export class ChildHearingsResolver {
  @Access('MEASURES')
  @FieldResolver(() => HearingConnection, { nullable: true, description: 'Court hearings about the child, latest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  hearings(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<Hearing>> {
    return ctx.loaders.hearingsByChild.load({ parentId: child.id, args: page });
  }
}
