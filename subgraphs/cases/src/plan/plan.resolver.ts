import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Measure } from '../measure/measure.entity';
import { ChildPlan } from './child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan-parts.entity';
import { CreateChildPlanInput, ReviewChildPlanInput, SignChildPlanInput } from './plan.input';
import { planService } from './plan.service';

export const ChildPlanConnection = Connection(ChildPlan);

@Resolver(() => ChildPlan)
export class ChildPlanResolver {
  @Query(() => ChildPlan, { description: 'One projet pour l’enfant by id; NOT_FOUND when there is none.' })
  childPlan(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<ChildPlan> {
    return planService.get(ctx, id);
  }

  @Access('CHILD_PLAN_OBJECTIVES')
  @Mutation(() => ChildPlan, { description: 'Writes a projet pour l’enfant: needs by domain, objectives and actions (DRAFT).' })
  createChildPlan(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: CreateChildPlanInput): Promise<ChildPlan> {
    return planService.create(ctx, input);
  }

  @Access('CHILD_PLAN_OBJECTIVES')
  @Mutation(() => ChildPlan, { description: 'Records a review of the plan with the child’s own words, and objectives reached or dropped.' })
  reviewChildPlan(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: ReviewChildPlanInput): Promise<ChildPlan> {
    return planService.review(ctx, input);
  }

  @Access('CHILD_PLAN_OBJECTIVES')
  @Mutation(() => ChildPlan, {
    description: 'Records a signature; the département’s signature puts a draft in force and supersedes the previous plan.',
  })
  signChildPlan(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: SignChildPlanInput): Promise<ChildPlan> {
    return planService.sign(ctx, input);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  async child(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(plan.childId);
    if (!child) throw ctx.rows.absent('Child', plan.childId);
    return child;
  }

  @FieldResolver(() => Measure, { nullable: true, description: 'The measure it goes with, if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  async measure(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<Measure | null> {
    if (!plan.measureId) return null;
    const found = await ctx.loaders.measureById.load(plan.measureId);
    if (!found) throw ctx.rows.absent('Measure', plan.measureId);
    return found;
  }

  @FieldResolver(() => [PlanNeed], { nullable: true, description: 'The child’s needs by domain. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  needs(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<PlanNeed[]> {
    return ctx.loaders.needsByPlan.load(plan.id);
  }

  @FieldResolver(() => [PlanObjective], { nullable: true, description: 'Objectives, in the plan’s order. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  objectives(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<PlanObjective[]> {
    return ctx.loaders.objectivesByPlan.load(plan.id);
  }

  @FieldResolver(() => [PlanReview], { nullable: true, description: 'Reviews, oldest first, each with the child’s words. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  reviews(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<PlanReview[]> {
    return ctx.loaders.reviewsByPlan.load(plan.id);
  }

  @FieldResolver(() => [PlanSignature], { nullable: true, description: 'Who signed this version, and when. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  signatures(@Root() plan: ChildPlan, @Ctx() ctx: CasesContext): Promise<PlanSignature[]> {
    return ctx.loaders.signaturesByPlan.load(plan.id);
  }
}

@Resolver(() => PlanObjective)
export class PlanObjectiveResolver {
  @FieldResolver(() => [PlanAction], { description: 'Actions towards the objective.' })
  actions(@Root() objective: PlanObjective, @Ctx() ctx: CasesContext): Promise<PlanAction[]> {
    return ctx.loaders.actionsByObjective.load(objective.id);
  }
}

@Resolver(() => Child)
export class ChildPlansResolver {
  @Access('CHILD_PLAN_OBJECTIVES')
  @FieldResolver(() => ChildPlanConnection, { nullable: true, description: 'The child’s plans (PPE), latest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  plans(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<ChildPlan>> {
    return ctx.loaders.plansByChild.load({ parentId: child.id, args: page });
  }
}
