import { Access, Connection, type Page, PageArgs, requireUuid } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.stub';
import type { PlacementsContext } from '../context';
import { Placement } from '../placement/placement.entity';
import { AddReturnHomeMilestoneInput, MoveReturnHomePlanInput, ReachReturnHomeMilestoneInput, StartReturnHomePlanInput } from './return-home.input';
import { ReturnHomeMilestone, ReturnHomeMove, ReturnHomePhaseEntry } from './return-home-parts.entity';
import { ReturnHomePlan } from './return-home-plan.entity';
import {
  addReturnHomeMilestone,
  moveReturnHomePlan,
  reachReturnHomeMilestone,
  startReturnHomePlan,
} from './return-home.service';

export const ReturnHomePlanConnection = Connection(ReturnHomePlan);
export const ReturnHomeMoveConnection = Connection(ReturnHomeMove);
export const ReturnHomeMilestoneConnection = Connection(ReturnHomeMilestone);

@Resolver(() => ReturnHomePlan)
export class ReturnHomePlanResolver {
  @Access('RETURN_HOME_PLAN')
  @Query(() => ReturnHomePlan, { nullable: true, description: 'One return-home plan by id; NOT_FOUND when there is none, FORBIDDEN when outside your institution’s rows. Null, with a FORBIDDEN error, when the institution’s agreements do not grant RETURN_HOME_PLAN.' })
  async returnHomePlan(@Ctx() ctx: PlacementsContext, @Arg('id', () => ID, { description: 'The plan’s id.' }) id: string): Promise<ReturnHomePlan> {
    const plan = await ctx.loaders.returnHomePlanById.load(requireUuid(id, 'id'));
    if (!plan) throw ctx.rows.unseen('returnHomePlans', 'ReturnHomePlan', id);
    return plan;
  }

  @Access('RETURN_HOME_PLAN')
  @Mutation(() => ReturnHomePlan, {
    description: 'Start a return-home plan (day visits first). 3 to 6 months unless justified; CONFLICT if one is under way.',
  })
  startReturnHomePlan(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The plan.' }) input: StartReturnHomePlanInput): Promise<ReturnHomePlan> {
    return startReturnHomePlan(ctx, input);
  }

  @Access('RETURN_HOME_PLAN')
  @Mutation(() => ReturnHomePlan, {
    description:
      'Move a plan: forward one phase at a time, back with a reason, or ABANDONED with a reason; every move is recorded. CONFLICT on a stale version or a closed plan.',
  })
  moveReturnHomePlan(@Ctx() ctx: PlacementsContext, @Arg('input', { description: 'The move.' }) input: MoveReturnHomePlanInput): Promise<ReturnHomePlan> {
    return moveReturnHomePlan(ctx, input);
  }

  @Access('RETURN_HOME_PLAN')
  @Mutation(() => ReturnHomeMilestone, { description: 'Add a milestone to a plan under way.' })
  addReturnHomeMilestone(
    @Ctx() ctx: PlacementsContext,
    @Arg('input', { description: 'The milestone.' }) input: AddReturnHomeMilestoneInput,
  ): Promise<ReturnHomeMilestone> {
    return addReturnHomeMilestone(ctx, input);
  }

  @Access('RETURN_HOME_PLAN')
  @Mutation(() => ReturnHomeMilestone, { description: 'Record that a milestone was reached; CONFLICT on a stale version.' })
  reachReturnHomeMilestone(
    @Ctx() ctx: PlacementsContext,
    @Arg('input', { description: 'The milestone reached.' }) input: ReachReturnHomeMilestoneInput,
  ): Promise<ReturnHomeMilestone> {
    return reachReturnHomeMilestone(ctx, input);
  }

  @FieldResolver(() => Child, { description: 'The child going home.' })
  child(@Root() plan: ReturnHomePlan): Child {
    return { id: plan.childId };
  }

  @FieldResolver(() => Placement, { nullable: true, description: 'The placement the child is leaving.' })
  placement(@Root() plan: ReturnHomePlan, @Ctx() ctx: PlacementsContext): Promise<Placement | null> {
    return plan.placementId ? ctx.loaders.placementById.load(plan.placementId) : Promise.resolve(null);
  }

  @FieldResolver(() => [ReturnHomePhaseEntry], { description: 'The four phases in order, planned and actual dates, with their assessments.' })
  phases(@Root() plan: ReturnHomePlan, @Ctx() ctx: PlacementsContext): Promise<ReturnHomePhaseEntry[]> {
    return ctx.loaders.phasesByPlan.load(plan.id);
  }

  @FieldResolver(() => ReturnHomeMoveConnection, { description: 'Every change of phase, oldest first (forward, back, abandon).' })
  moves(@Root() plan: ReturnHomePlan, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<ReturnHomeMove>> {
    return ctx.loaders.movesByPlan.load({ parentId: plan.id, args: page });
  }

  @FieldResolver(() => ReturnHomeMilestoneConnection, { description: 'Milestones, by due date.' })
  milestones(@Root() plan: ReturnHomePlan, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<ReturnHomeMilestone>> {
    return ctx.loaders.milestonesByPlan.load({ parentId: plan.id, args: page });
  }
}

@Resolver(() => Child)
export class ChildReturnHomeResolver {
  @Access('RETURN_HOME_PLAN')
  @FieldResolver(() => ReturnHomePlan, {
    nullable: true,
    description: 'The child’s return-home plan: the one under way, else the latest one (retour en famille). Null, with a FORBIDDEN error, when the institution’s agreements do not grant RETURN_HOME_PLAN.',
  })
  returnHomePlan(@Root() child: Child, @Ctx() ctx: PlacementsContext): Promise<ReturnHomePlan | null> {
    return ctx.loaders.latestReturnHomePlanByChild.load(child.id);
  }

  @Access('RETURN_HOME_PLAN')
  @FieldResolver(() => ReturnHomePlanConnection, { nullable: true, description: 'All the child’s return-home plans, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant RETURN_HOME_PLAN; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the placements service cannot be reached: null means unknown, never none.' })
  returnHomePlans(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: PlacementsContext): Promise<Page<ReturnHomePlan>> {
    return ctx.loaders.returnHomePlansByChild.load({ parentId: child.id, args: page });
  }
}
