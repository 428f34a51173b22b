import { Access, Connection, type Page, PageArgs, requireUuid } from '@passerelle/common';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.stub';
import type { PlacementsContext } from '../context';
import { Guardian } from '../guardian/guardian.stub';
import { CancelVisitInput, EndVisitRightInput, PlanVisitsInput, RecordVisitHeldInput, SetVisitRightInput } from './visit.input';
import { VisitRight } from './visit-right.entity';
import { Visit } from './visit.entity';
import {
  cancelVisit,
  endVisitRight,
  getVisitRight,
  planVisits,
  recordVisitHeld,
  setVisitRight,
  visitRightsOfChild,
  visitsOfRight,
} from './visit.service';

export const VisitRightConnection = Connection(VisitRight);
export const VisitConnection = Connection(Visit);

@Access('VISIT_RIGHTS')
@ObjectType({ description: 'How the visits under a right went, counted (bilan des visites), for the judge’s report.' })
export class VisitCounts {
  @Field(() => Int, { description: 'Visits planned and not yet held or cancelled.' })
  planned!: number;

  @Field(() => Int, { description: 'Visits held.' })
  held!: number;

  @Field(() => Int, { description: 'Visits cancelled.' })
  cancelled!: number;
}

@Resolver(() => VisitRight)
export class VisitRightResolver {
  @Query(() => VisitRight, { description: 'One visit right by id; NOT_FOUND when there is none, FORBIDDEN when outside your institution’s rows.' })
  visitRight(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID, { description: 'The visit right’s id.' }) id: string): Promise<VisitRight> {
    return getVisitRight(ctx, requireUuid(id, 'id'));
  }

  @Access('VISIT_RIGHTS')
  @Mutation(() => VisitRight, { description: 'Record a visit right set by a decision (for a guardian or another relative).' })
  setVisitRight(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The right.' }) input: SetVisitRightInput): Promise<VisitRight> {
    return setVisitRight(ctx, input);
  }

  @Access('VISIT_RIGHTS')
  @Mutation(() => VisitRight, { description: 'End a visit right; CONFLICT on a stale version.' })
  endVisitRight(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The end.' }) input: EndVisitRightInput): Promise<VisitRight> {
    return endVisitRight(ctx, input);
  }

  @Access('VISIT_RIGHTS')
  @Mutation(() => [Visit], { description: 'Plan visits under a right, one per day given (at most 60 at once).' })
  planVisits(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The visits.' }) input: PlanVisitsInput): Promise<Visit[]> {
    return planVisits(ctx, input);
  }

  @Access('VISIT_RIGHTS')
  @Mutation(() => Visit, { description: 'Record that a planned visit took place; CONFLICT if stale or no longer planned.' })
  recordVisitHeld(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The visit.' }) input: RecordVisitHeldInput): Promise<Visit> {
    return recordVisitHeld(ctx, input);
  }

  @Access('VISIT_RIGHTS')
  @Mutation(() => Visit, { description: 'Record that a planned visit was cancelled, why and by whom; CONFLICT if stale or no longer planned.' })
  cancelVisit(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The cancellation.' }) input: CancelVisitInput): Promise<Visit> {
    return cancelVisit(ctx, input);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child visited. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  child(@Root() right: VisitRight): Child {
    return { id: right.childId };
  }

  @FieldResolver(() => Guardian, { nullable: true, description: 'The visitor when a guardian (from the cases subgraph); null for another relative. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  guardian(@Root() right: VisitRight): Guardian | null {
    return right.guardianId ? { id: right.guardianId } : null;
  }

  @FieldResolver(() => VisitConnection, { nullable: true, description: 'Visits under this right, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  visits(@Root() right: VisitRight, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<Visit>> {
    return visitsOfRight(ctx, right.id, page);
  }

  @FieldResolver(() => VisitCounts, { nullable: true, description: 'Visits planned, held and cancelled under this right. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  visitCounts(@Root() right: VisitRight, @Ctx() ctx: PlacementsContext): Promise<VisitCounts> {
    return ctx.loaders.visitCountsByRight.load(right.id);
  }
}

@Resolver(() => Visit)
export class VisitResolver {
  @FieldResolver(() => VisitRight, { description: 'The right this visit is held under.' })
  visitRight(@Root() visit: Visit, @Ctx() ctx: PlacementsContext): Promise<VisitRight> {
    return getVisitRight(ctx, visit.visitRightId);
  }
}

@Resolver(() => Child)
export class ChildVisitRightsResolver {
  @Access('VISIT_RIGHTS')
  @FieldResolver(() => VisitRightConnection, { nullable: true, description: 'Visit rights set for the child (droits de visite), newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the placements service cannot be reached: null means unknown, never none.' })
  visitRights(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<VisitRight>> {
    return visitRightsOfChild(ctx, child.id, page);
  }
}
