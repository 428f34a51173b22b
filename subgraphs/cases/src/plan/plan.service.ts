import { badInput, loadForUpdate, notFound, requireUuid } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { ChildPlan } from './child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan-parts.entity';
import { ChildPlanStatus, ObjectiveStatus, SignerRole } from './plan.enums';
import type { CreateChildPlanInput, ReviewChildPlanInput, SignChildPlanInput } from './plan.input';

/** A review or a signature changes the plan: its version moves so concurrent editors see it. */
async function touch(manager: EntityManager, plan: ChildPlan): Promise<ChildPlan> {
  await manager.getRepository(ChildPlan).update({ id: plan.id }, { version: plan.version + 1 });
  plan.version += 1;
  return plan;
}

export const planService = {
  async get(ctx: CasesContext, id: string): Promise<ChildPlan> {
    const plan = await ctx.loaders.planById.load(requireUuid(id, 'id'));
    if (!plan) throw ctx.rows.absent('ChildPlan', id);
    return plan;
  },

  create(ctx: CasesContext, input: CreateChildPlanInput): Promise<ChildPlan> {
    const childId = requireUuid(input.childId, 'input.childId');
    const measureId = input.measureId ? requireUuid(input.measureId, 'input.measureId') : null;
    const drawnUpOn = input.drawnUpOn ?? todayInFrance();
    if (drawnUpOn > todayInFrance()) throw badInput('drawnUpOn cannot be in the future', 'input.drawnUpOn');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Child, 'Child', childId, ctx.rows.write.planFor);
      if (!(await manager.getRepository(Child).existsBy({ id: childId }))) throw notFound('Child', input.childId);
      if (measureId) {
        // The measure it goes with must be one the principal may read.
        const measure = await ctx.loaders.measureById.load(measureId);
        if (!measure) throw ctx.rows.absent('Measure', input.measureId!);
        if (measure.childId !== childId) throw badInput('that measure is about another child', 'input.measureId');
      }
      const plans = manager.getRepository(ChildPlan);
      const plan = await plans.save(plans.create({ childId, measureId, status: ChildPlanStatus.DRAFT, drawnUpOn }));
      await manager
        .getRepository(PlanNeed)
        .insert(input.needs.map((n, position) => ({ planId: plan.id, domain: n.domain, description: n.description, position })));
      const objectives = input.objectives.map((o, position) =>
        manager.getRepository(PlanObjective).create({
          planId: plan.id,
          domain: o.domain,
          description: o.description,
          owner: o.owner,
          targetDate: o.targetDate ?? null,
          status: ObjectiveStatus.OPEN,
          position,
        }),
      );
      await manager.getRepository(PlanObjective).save(objectives);
      const actions = input.objectives.flatMap((o, i) =>
        o.actions.map((a, position) => ({
          objectiveId: objectives[i]!.id,
          description: a.description,
          owner: a.owner,
          dueOn: a.dueOn ?? null,
          position,
        })),
      );
      if (actions.length > 0) await manager.getRepository(PlanAction).insert(actions);
      return plan;
    });
  },

  review(ctx: CasesContext, input: ReviewChildPlanInput): Promise<ChildPlan> {
    const planId = requireUuid(input.planId, 'input.planId');
    if (input.reviewedOn > todayInFrance()) throw badInput('reviewedOn cannot be in the future', 'input.reviewedOn');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, ChildPlan, 'ChildPlan', planId, ctx.rows.write.plans);
      const plan = await loadForUpdate(manager, ChildPlan, 'ChildPlan', planId, input.version);
      if (plan.status === ChildPlanStatus.SUPERSEDED) {
        throw badInput(`ChildPlan ${planId} is SUPERSEDED: review the plan in force`, 'input.planId');
      }
      await manager.getRepository(PlanReview).insert({
        planId,
        reviewedOn: input.reviewedOn,
        reviewer: input.reviewer,
        summary: input.summary,
        childPresent: input.childPresent,
        childWords: input.childWords ?? null,
      });
      for (const [i, change] of input.objectives.entries()) {
        const objectiveId = requireUuid(change.objectiveId, `input.objectives.${i}.objectiveId`);
        const result = await manager.getRepository(PlanObjective).update({ id: objectiveId, planId }, { status: change.status });
        // Not an objective of this plan: worded as any record outside the slice (row policy).
        if (!result.affected) throw ctx.rows.absent('PlanObjective', change.objectiveId);
      }
      return touch(manager, plan);
    });
  },

  /** Adds a signature; the département's puts a draft in force and supersedes the plan it replaces. */
  sign(ctx: CasesContext, input: SignChildPlanInput): Promise<ChildPlan> {
    const planId = requireUuid(input.planId, 'input.planId');
    if (input.signedOn > todayInFrance()) throw badInput('signedOn cannot be in the future', 'input.signedOn');
    ctx.rows.requireSignerRole(input.signerRole);
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, ChildPlan, 'ChildPlan', planId, ctx.rows.write.plans);
      const plan = await loadForUpdate(manager, ChildPlan, 'ChildPlan', planId, input.version);
      if (plan.status === ChildPlanStatus.SUPERSEDED) {
        throw badInput(`ChildPlan ${planId} is SUPERSEDED: it can no longer be signed`, 'input.planId');
      }
      if (input.signedOn < plan.drawnUpOn) throw badInput('signedOn is before the plan was drawn up', 'input.signedOn');
      await manager.getRepository(PlanSignature).insert({
        planId,
        signerName: input.signerName,
        signerRole: input.signerRole,
        signedOn: input.signedOn,
      });
      if (input.signerRole === SignerRole.DEPARTMENT && plan.status === ChildPlanStatus.DRAFT) {
        await manager
          .getRepository(ChildPlan)
          .update({ childId: plan.childId, status: ChildPlanStatus.IN_FORCE }, { status: ChildPlanStatus.SUPERSEDED });
        plan.status = ChildPlanStatus.IN_FORCE;
        plan.inForceFrom = input.signedOn;
        return manager.save(plan);
      }
      return touch(manager, plan);
    });
  },
};
