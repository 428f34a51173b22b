import { badInput, loadForUpdate, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable, scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import { ConcernChild } from '../concern/concern-child.entity';
import type { CasesContext } from '../context';
import { Concern } from '../concern/concern.entity';
import { ConcernStatus, ConcernUrgency } from '../concern/concern.enums';
import { lockConcern, moveConcern } from '../concern/concern.lifecycle';
import { addDays, addMonths, ageOn, dayOf, todayInFrance } from '../dates';
import { Referral } from '../referral/referral.entity';
import { requireCaseworkers } from '../referent/caseworkers';
import { evaluationDelays } from '../settings';
import { Evaluation, EvaluationOutcome, EvaluationStatus } from './evaluation.entity';
import type { ConcludeEvaluationInput, StartEvaluationInput, UpdateEvaluationInput } from './evaluation.input';

/**
 * The latest day an evaluation of `concern` may end: 3 months from receipt, sooner when the
 * danger is serious, notably for a child under 2 (CASF D226-2-4 II). `youngestBirthDate` is the
 * birth date of the youngest child the concern names.
 */
export function defaultDueOn(concern: Pick<Concern, 'receivedAt' | 'urgency'>, youngestBirthDate: string | null): string {
  const delays = evaluationDelays();
  const received = dayOf(concern.receivedAt);
  const infant = youngestBirthDate !== null && ageOn(youngestBirthDate, received) < 2;
  return concern.urgency === ConcernUrgency.NORMAL && !infant
    ? addMonths(received, delays.months)
    : addDays(received, delays.urgentDays);
}

async function youngestBirthDate(manager: EntityManager, concernId: string): Promise<string | null> {
  const row: { birth: string | null } | undefined = await manager
    .getRepository(ConcernChild)
    .createQueryBuilder('link')
    .innerJoin(Child, 'child', 'child.id = link.child_id')
    .select('MAX(child.birth_date)::text', 'birth')
    .where('link.concern_id = :concernId', { concernId })
    .getRawOne();
  return row?.birth ?? null;
}

const OUTCOME_STATUS: Record<EvaluationOutcome, ConcernStatus> = {
  [EvaluationOutcome.CLOSED_NO_ACTION]: ConcernStatus.CLOSED_NO_ACTION,
  [EvaluationOutcome.ADMINISTRATIVE_SUPPORT]: ConcernStatus.ADMINISTRATIVE_SUPPORT,
  [EvaluationOutcome.REFERRED_TO_PROSECUTOR]: ConcernStatus.REFERRED_TO_PROSECUTOR,
};

export const evaluationService = {
  async get(ctx: CasesContext, id: string): Promise<Evaluation> {
    const evaluation = await ctx.loaders.evaluationById.load(requireUuid(id, 'id'));
    if (!evaluation) throw ctx.rows.absent('Evaluation', id);
    return evaluation;
  },

  /** Evaluations in progress due within `withinDays`, overdue first (earliest due date first). */
  due(ctx: CasesContext, withinDays: number, page: PageArgs): Promise<Page<Evaluation>> {
    const qb = ctx.db.dataSource
      .getRepository(Evaluation)
      .createQueryBuilder('w')
      .where('w.status = :status', { status: EvaluationStatus.IN_PROGRESS })
      .andWhere('w.due_on <= :limit', { limit: addDays(todayInFrance(), withinDays) });
    return paginate(scoped(qb, ctx.rows.read.evaluations), page, { property: 'dueOn', direction: 'ASC' });
  },

  async start(ctx: CasesContext, input: StartEvaluationInput): Promise<Evaluation> {
    const concernId = requireUuid(input.concernId, 'input.concernId');
    const [first, second] = input.evaluators.map((e, i) => requireUuid(e, `input.evaluators.${i}`)) as [string, string];
    if (first === second) {
      throw badInput('an evaluation is made by two different professionals (binôme, CASF D226-2-4): the same evaluator cannot be recorded twice', 'input.evaluators');
    }
    await requireCaseworkers(ctx.scope, [first, second], 'input.evaluators');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Concern, 'Concern', concernId, ctx.rows.write.concerns);
      const concern = await loadForUpdate(manager, Concern, 'Concern', concernId, input.concernVersion);
      const latest = defaultDueOn(concern, await youngestBirthDate(manager, concernId));
      if (input.dueOn && input.dueOn > latest) {
        throw badInput(`dueOn cannot be later than ${latest}, the legal delay for this concern`, 'input.dueOn');
      }
      if (input.dueOn && input.dueOn < dayOf(concern.receivedAt)) {
        throw badInput('dueOn cannot be before the concern was received', 'input.dueOn');
      }
      await moveConcern(manager, concern, ConcernStatus.IN_EVALUATION, 'input.concernId');
      const repository = manager.getRepository(Evaluation);
      return repository.save(
        repository.create({
          concernId,
          firstEvaluatorId: first,
          secondEvaluatorId: second,
          firstEvaluator: null,
          secondEvaluator: null,
          startedAt: new Date(),
          dueOn: input.dueOn ?? latest,
          status: EvaluationStatus.IN_PROGRESS,
        }),
      );
    });
  },

  update(ctx: CasesContext, input: UpdateEvaluationInput): Promise<Evaluation> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Evaluation, 'Evaluation', id, ctx.rows.write.evaluations);
      const evaluation = await loadForUpdate(manager, Evaluation, 'Evaluation', id, input.version);
      if (evaluation.status !== EvaluationStatus.IN_PROGRESS) {
        throw badInput(`Evaluation ${id} is ${evaluation.status}: it can no longer be changed`, 'input.id');
      }
      if (input.findings !== undefined) evaluation.findings = input.findings;
      if (input.recommendation !== undefined) evaluation.recommendation = input.recommendation;
      return manager.save(evaluation);
    });
  },

  conclude(ctx: CasesContext, input: ConcludeEvaluationInput): Promise<Evaluation> {
    const id = requireUuid(input.id, 'input.id');
    const referring = input.outcome === EvaluationOutcome.REFERRED_TO_PROSECUTOR;
    if (referring && !input.prosecutorOfficeId) {
      throw badInput('a referral goes to a parquet: give prosecutorOfficeId', 'input.prosecutorOfficeId');
    }
    const prosecutorOfficeId = referring ? requireUuid(input.prosecutorOfficeId!, 'input.prosecutorOfficeId') : null;
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Evaluation, 'Evaluation', id, ctx.rows.write.evaluations);
      const evaluation = await loadForUpdate(manager, Evaluation, 'Evaluation', id, input.version);
      if (evaluation.status !== EvaluationStatus.IN_PROGRESS) {
        throw badInput(`Evaluation ${id} is ${evaluation.status}: it cannot be concluded again`, 'input.id');
      }
      const concern = await lockConcern(manager, evaluation.concernId);
      await moveConcern(manager, concern, OUTCOME_STATUS[input.outcome], 'input.outcome');
      evaluation.status = EvaluationStatus.CONCLUDED;
      evaluation.findings = input.findings;
      evaluation.recommendation = input.recommendation;
      evaluation.outcome = input.outcome;
      evaluation.concludedAt = new Date();
      const saved = await manager.save(evaluation);
      if (prosecutorOfficeId) {
        const referrals = manager.getRepository(Referral);
        await referrals.save(
          referrals.create({
            concernId: concern.id,
            prosecutorOfficeId,
            sentAt: new Date(),
            reason: input.referralReason ?? input.recommendation,
            immediateDanger: false,
          }),
        );
      }
      return saved;
    });
  },
};
