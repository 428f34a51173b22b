import { badInput, loadForUpdate, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import { requireWritable, scoped } from '../access/scoped-rows';
import { Concern } from '../concern/concern.entity';
import { ConcernStatus } from '../concern/concern.enums';
import { lockConcern, moveConcern } from '../concern/concern.lifecycle';
import type { CasesContext } from '../context';
import { dayOf, todayInFrance } from '../dates';
import { Evaluation, EvaluationOutcome, EvaluationStatus } from '../evaluation/evaluation.entity';
import { Referral, ReferralDecision } from './referral.entity';
import type { RecordReferralDecisionInput, ReferConcernInput, ReferralFilter } from './referral.input';

export const referralService = {
  async get(ctx: CasesContext, id: string): Promise<Referral> {
    const referral = await ctx.loaders.referralById.load(requireUuid(id, 'id'));
    if (!referral) throw ctx.rows.absent('Referral', id);
    return referral;
  },

  list(ctx: CasesContext, filter: ReferralFilter | null | undefined, page: PageArgs): Promise<Page<Referral>> {
    const qb = scoped(ctx.db.dataSource.getRepository(Referral).createQueryBuilder('w'), ctx.rows.read.referrals);
    if (filter?.prosecutorOfficeId) {
      qb.andWhere('w.prosecutor_office_id = :office', {
        office: requireUuid(filter.prosecutorOfficeId, 'filter.prosecutorOfficeId'),
      });
    }
    if (filter?.pending === true) qb.andWhere('w.decision IS NULL');
    if (filter?.pending === false) qb.andWhere('w.decision IS NOT NULL');
    return paginate(qb, page, { property: 'sentAt', direction: 'DESC' });
  },

  /** Grave and immediate danger: to the parquet now; an evaluation under way is concluded with it. */
  refer(ctx: CasesContext, input: ReferConcernInput): Promise<Referral> {
    const concernId = requireUuid(input.concernId, 'input.concernId');
    const prosecutorOfficeId = requireUuid(input.prosecutorOfficeId, 'input.prosecutorOfficeId');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Concern, 'Concern', concernId, ctx.rows.write.concerns);
      const concern = await loadForUpdate(manager, Concern, 'Concern', concernId, input.concernVersion);
      if (concern.status === ConcernStatus.IN_EVALUATION) {
        const open = await manager.getRepository(Evaluation).findOne({
          where: { concernId, status: EvaluationStatus.IN_PROGRESS },
          lock: { mode: 'pessimistic_write' },
        });
        if (open) {
          open.status = EvaluationStatus.CONCLUDED;
          open.outcome = EvaluationOutcome.REFERRED_TO_PROSECUTOR;
          open.concludedAt = new Date();
          open.recommendation ??= 'Signalement sans attendre la fin de l’évaluation (danger grave et immédiat).';
          await manager.save(open);
        }
      }
      await moveConcern(manager, concern, ConcernStatus.REFERRED_TO_PROSECUTOR, 'input.concernId');
      const repository = manager.getRepository(Referral);
      return repository.save(
        repository.create({ concernId, prosecutorOfficeId, sentAt: new Date(), reason: input.reason, immediateDanger: true }),
      );
    });
  },

  /** Records the parquet's decision; a return for evaluation puts the concern back before the CRIP. */
  decide(ctx: CasesContext, input: RecordReferralDecisionInput): Promise<Referral> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Referral, 'Referral', id, ctx.rows.write.referrals);
      const referral = await loadForUpdate(manager, Referral, 'Referral', id, input.version);
      if (referral.decision) {
        throw badInput(`Referral ${id} was already decided (${referral.decision} on ${referral.decidedOn})`, 'input.id');
      }
      if (input.decidedOn < dayOf(referral.sentAt) || input.decidedOn > todayInFrance()) {
        throw badInput('decidedOn must fall between the day the referral was sent and today', 'input.decidedOn');
      }
      referral.decision = input.decision;
      referral.decidedOn = input.decidedOn;
      if (input.decision === ReferralDecision.RETURN_FOR_EVALUATION) {
        const concern = await lockConcern(manager, referral.concernId);
        await moveConcern(manager, concern, ConcernStatus.ACKNOWLEDGED, 'input.decision');
      }
      return manager.save(referral);
    });
  },
};
