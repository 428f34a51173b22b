import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Max, Min } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import { ChildConnection } from '../child/child.resolver';
import type { CasesContext } from '../context';
import { Measure } from '../measure/measure.entity';
import { Caseload, Deadline, DeadlineCount } from './caseload.types';
import { caseloadService } from './caseload.service';

export const DeadlineConnection = Connection(Deadline);

@ArgsType()
export class CaseloadArgs {
  @Field(() => Int, { defaultValue: 30, description: 'Deadlines due within this many days from today, overdue ones included (0 to 366).' })
  @Min(0)
  @Max(366)
  withinDays: number = 30;
}

@Resolver(() => Caseload)
export class CaseloadResolver {
  @Access('CASELOAD')
  @Query(() => Caseload, {
    nullable: true,
    description:
      'The signed-in member’s day (mon portefeuille, mes échéances): the children they are référent of, and everything that falls due for them within N days, overdue first, with counts per kind. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CASELOAD.',
  })
  myCaseload(@Ctx() ctx: CasesContext, @Args() args: CaseloadArgs): Promise<Caseload> {
    return caseloadService.of(ctx, args.withinDays);
  }

  @FieldResolver(() => ChildConnection, { description: 'The children the member is a current référent of, by family name, a page at a time.' })
  children(@Root() caseload: Caseload, @Ctx() ctx: CasesContext, @Args() page: PageArgs): Promise<Page<Child>> {
    return caseloadService.children(ctx, caseload, page);
  }

  @FieldResolver(() => DeadlineConnection, {
    description: 'What falls due by `dueBy` for those children (and the evaluations of the member’s binôme), overdue first: by due date, then id; only the kinds your institution reads. Visits planned are `visits` (placements).',
  })
  deadlines(@Root() caseload: Caseload, @Ctx() ctx: CasesContext, @Args() page: PageArgs): Page<Deadline> {
    return caseloadService.deadlines(ctx, caseload, page);
  }

  @FieldResolver(() => [DeadlineCount], { description: 'How many deadlines of each kind (those with at least one), and how many overdue: the dashboard.' })
  counts(@Root() caseload: Caseload): DeadlineCount[] {
    return caseloadService.counts(caseload);
  }
}

@Resolver(() => Deadline)
export class DeadlineResolver {
  @FieldResolver(() => Child, { nullable: true, description: 'The child it is about; null for an evaluation of a concern naming no child of the caseload.' })
  child(@Root() deadline: Deadline, @Ctx() ctx: CasesContext): Promise<Child | null> | null {
    return deadline.childId ? ctx.loaders.childById.load(deadline.childId) : null;
  }

  @Access('MEASURES')
  @FieldResolver(() => Measure, { nullable: true, description: 'The measure it is about, if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  measure(@Root() deadline: Deadline, @Ctx() ctx: CasesContext): Promise<Measure | null> | null {
    return deadline.measureId ? ctx.loaders.measureById.load(deadline.measureId) : null;
  }
}
