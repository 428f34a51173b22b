import {
  badInput,
  deciderOf,
  defaultPlannedEnd,
  factDateViolation,
  loadForUpdate,
  measureRule,
  measureViolations,
  notFound,
  paginate,
  refuseViolations,
  renewalViolations,
  requireUuid,
  writtenAgreementViolation,
  type Page,
  type PageArgs,
} from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable, scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import { FamilyAgreement } from '../family/family-agreement.entity';
import { writtenAgreementFacts } from '../family/family-agreement.service';
import type { CasesContext } from '../context';
import { addDays, todayInFrance } from '../dates';
import { assertTransition } from '../lifecycle';
import { nextReportDue } from '../report/report.schedule';
import { SituationReport, SituationReportStatus } from '../report/situation-report.entity';
import { MeasureRenewal } from './measure-renewal.entity';
import { Measure } from './measure.entity';
import { MeasureDecider, MeasureStatus } from './measure.enums';
import type { ActivateMeasureInput, CloseMeasureInput, ProposeMeasureInput, RenewMeasureInput } from './measure.input';
import { MEASURE_TRANSITIONS, OPEN_MEASURE_STATUSES } from './measure.lifecycle';

function optionalUuid(value: string | null | undefined, argument: string): string | null {
  return value ? requireUuid(value, argument) : null;
}

/**
 * The family's written agreement a measure rests on, as the law checks it: FORBIDDEN (or, for
 * the département, NOT_FOUND) for one the principal may not read, exactly as for one that does
 * not exist; BAD_USER_INPUT for a kind that rests on none.
 */
async function agreementFor(ctx: CasesContext, manager: EntityManager, kind: Measure['kind'], id: string | null) {
  if (!id) return null;
  if (measureRule(kind).writtenAgreement === null) throw badInput(`a ${kind} rests on no written agreement of the family`, 'input.familyAgreementId');
  await requireWritable(manager, FamilyAgreement, 'FamilyAgreement', id, ctx.rows.read.familyAgreements);
  const facts = await writtenAgreementFacts(manager, id);
  if (!facts) throw ctx.rows.absent('FamilyAgreement', id);
  return facts;
}

function move(measure: Measure, to: MeasureStatus): void {
  assertTransition('Measure', measure.id, MEASURE_TRANSITIONS, measure.status, to);
  measure.status = to;
}

export const measureService = {
  async get(ctx: CasesContext, id: string): Promise<Measure> {
    const measure = await ctx.loaders.measureById.load(requireUuid(id, 'id'));
    if (!measure) throw ctx.rows.absent('Measure', id);
    return measure;
  },

  /** Open measures whose planned end falls within `withinDays`, soonest first. */
  ending(ctx: CasesContext, withinDays: number, page: PageArgs): Promise<Page<Measure>> {
    const qb = ctx.db.dataSource
      .getRepository(Measure)
      .createQueryBuilder('w')
      .where('w.status IN (:...open)', { open: OPEN_MEASURE_STATUSES })
      .andWhere('w.planned_end_date <= :limit', { limit: addDays(todayInFrance(), withinDays) });
    return paginate(scoped(qb, ctx.rows.read.measures), page, { property: 'plannedEndDate', direction: 'ASC' });
  },

  propose(ctx: CasesContext, input: ProposeMeasureInput): Promise<Measure> {
    const childId = requireUuid(input.childId, 'input.childId');
    const concernId = optionalUuid(input.concernId, 'input.concernId');
    const courtId = optionalUuid(input.courtId, 'input.courtId');
    const operatorId = optionalUuid(input.operatorId, 'input.operatorId');
    const familyAgreementId = optionalUuid(input.familyAgreementId, 'input.familyAgreementId');
    if (input.judicial && !courtId) throw badInput('a judicial measure names its court (courtId)', 'input.courtId');
    if (!input.judicial && (courtId || input.decisionDate)) {
      throw badInput('an administrative measure has no court nor judge’s decision', 'input.courtId');
    }
    if (input.plannedEndDate && input.plannedEndDate < input.startDate) throw badInput('plannedEndDate is before startDate', 'input.plannedEndDate');
    ctx.rows.requireCourt(courtId);
    return ctx.db.dataSource.transaction(async (manager) => {
      // Only for a child the writer may open a case for (row policy: a judge's competence), and
      // FORBIDDEN alike whether the child exists or not; NOT_FOUND only for the whole département.
      await requireWritable(manager, Child, 'Child', childId, await ctx.rows.newCaseFor());
      const child = await manager.getRepository(Child).findOneBy({ id: childId });
      if (!child) throw notFound('Child', input.childId);
      // The law per kind (MEASURE_RULES): nature, the child's age, term, decision not in the future.
      // By default the kind's term, never past the age limit (CC 375; CASF L223-5).
      const agreement = await agreementFor(ctx, manager, input.kind, familyAgreementId);
      const lawful = defaultPlannedEnd(input.kind, child.birthDate, input.startDate);
      const plannedEndDate = input.plannedEndDate ?? (agreement && agreement.validUntil < lawful ? agreement.validUntil : lawful);
      refuseViolations(
        measureViolations({
          kind: input.kind,
          judicial: input.judicial,
          decidedBy: input.decidedBy ?? null,
          birthDate: child.birthDate,
          startDate: input.startDate,
          plannedEndDate,
          decisionDate: input.decisionDate ?? null,
          today: todayInFrance(),
        }),
      );
      // Named at proposal: the family's agreement must already hold over its dates (CASF L223-2).
      if (agreement) {
        refuseViolations([writtenAgreementViolation({ kind: input.kind, childId, startDate: input.startDate, endDate: plannedEndDate }, agreement, 'input.familyAgreementId')].filter((v) => v !== null));
      }
      // The concern it follows from must be one the principal may read.
      if (concernId && !(await ctx.loaders.concernById.load(concernId))) throw ctx.rows.absent('Concern', input.concernId!);
      const repository = manager.getRepository(Measure);
      return repository.save(
        repository.create({
          childId,
          concernId,
          kind: input.kind,
          judicial: input.judicial,
          decidedBy: deciderOf(input.judicial, input.decidedBy) as MeasureDecider,
          status: MeasureStatus.PROPOSED,
          courtId,
          decisionDate: input.decisionDate ?? null,
          startDate: input.startDate,
          plannedEndDate,
          operatorId,
          familyAgreementId,
        }),
      );
    });
  },

  /** In force: the first situation report falls due one period after the start. */
  activate(ctx: CasesContext, input: ActivateMeasureInput): Promise<Measure> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Measure, 'Measure', id, ctx.rows.write.measures);
      const measure = await loadForUpdate(manager, Measure, 'Measure', id, input.version);
      move(measure, MeasureStatus.ACTIVE);
      if (input.startDate) measure.startDate = input.startDate;
      if (input.decisionDate) measure.decisionDate = input.decisionDate;
      if (measure.judicial && !measure.decisionDate) {
        throw badInput('a judicial measure comes into force on the judge’s decision: give decisionDate', 'input.decisionDate');
      }
      if (measure.plannedEndDate && measure.plannedEndDate < measure.startDate) {
        throw badInput('startDate is after the planned end', 'input.startDate');
      }
      // The law again on the dates it comes into force with (the start may have moved).
      const child = await manager.getRepository(Child).findOneByOrFail({ id: measure.childId });
      refuseViolations(
        measureViolations(
          { kind: measure.kind, judicial: measure.judicial, decidedBy: measure.decidedBy, birthDate: child.birthDate, startDate: measure.startDate, plannedEndDate: measure.plannedEndDate, decisionDate: measure.decisionDate, today: todayInFrance() },
          { kind: 'input.startDate', plannedEndDate: 'input.startDate' },
        ),
      );
      // An AED, an accueil provisoire, a contrat jeune majeur comes into force only on the family's
      // written agreement, signed and in force over its dates (CASF L223-2, L222-5).
      if (input.familyAgreementId) measure.familyAgreementId = requireUuid(input.familyAgreementId, 'input.familyAgreementId');
      const agreement = await agreementFor(ctx, manager, measure.kind, measure.familyAgreementId);
      refuseViolations(
        [writtenAgreementViolation({ kind: measure.kind, childId: measure.childId, startDate: measure.startDate, endDate: measure.plannedEndDate }, agreement, 'input.familyAgreementId')].filter((v) => v !== null),
      );
      const saved = await manager.save(measure);
      await scheduleReport(manager, saved, saved.startDate);
      return saved;
    });
  },

  renew(ctx: CasesContext, input: RenewMeasureInput): Promise<Measure> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Measure, 'Measure', id, ctx.rows.write.measures);
      const measure = await loadForUpdate(manager, Measure, 'Measure', id, input.version);
      move(measure, MeasureStatus.RENEWED);
      if (measure.plannedEndDate && input.newEndDate <= measure.plannedEndDate) {
        throw badInput(`newEndDate must be after the current planned end (${measure.plannedEndDate})`, 'input.newEndDate');
      }
      const child = await manager.getRepository(Child).findOneByOrFail({ id: measure.childId });
      refuseViolations(
        renewalViolations({
          kind: measure.kind,
          birthDate: child.birthDate,
          renewalsSoFar: await manager.getRepository(MeasureRenewal).countBy({ measureId: id }),
          previousEndDate: measure.plannedEndDate ?? measure.startDate,
          newEndDate: input.newEndDate,
          decisionDate: input.decisionDate,
          today: todayInFrance(),
        }),
      );
      // Renewable under the same conditions (CASF L223-5): the family's agreement, renewed first, covers the new term.
      if (measureRule(measure.kind).writtenAgreement !== null) {
        const agreement = await agreementFor(ctx, manager, measure.kind, measure.familyAgreementId);
        refuseViolations(
          [writtenAgreementViolation({ kind: measure.kind, childId: measure.childId, startDate: measure.startDate, endDate: input.newEndDate }, agreement, 'input.newEndDate')].filter((v) => v !== null),
        );
      }
      await manager.getRepository(MeasureRenewal).insert({
        measureId: id,
        decisionDate: input.decisionDate,
        previousEndDate: measure.plannedEndDate,
        newEndDate: input.newEndDate,
        reason: input.reason,
      });
      measure.plannedEndDate = input.newEndDate;
      return manager.save(measure);
    });
  },

  close(ctx: CasesContext, input: CloseMeasureInput, to: MeasureStatus.ENDED | MeasureStatus.LIFTED): Promise<Measure> {
    const id = requireUuid(input.id, 'input.id');
    // The end of a measure and a mainlevée are facts: never dated after today (decided from the input alone, before anything runs).
    refuseViolations([factDateViolation(input.on, todayInFrance(), 'input.on', to === MeasureStatus.LIFTED ? 'a mainlevée' : 'the end of a measure')].filter((v) => v !== null));
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Measure, 'Measure', id, ctx.rows.write.measures);
      const measure = await loadForUpdate(manager, Measure, 'Measure', id, input.version);
      move(measure, to);
      if (to === MeasureStatus.LIFTED && !measure.judicial) {
        throw badInput('only a judicial measure is lifted by the judge (mainlevée); end it instead', 'input.id');
      }
      if (to === MeasureStatus.LIFTED && !input.reason) throw badInput('a mainlevée gives its reason', 'input.reason');
      if (input.on < measure.startDate) throw badInput(`the measure started on ${measure.startDate}`, 'input.on');
      if (to === MeasureStatus.LIFTED) measure.liftedAt = input.on;
      else measure.endedOn = input.on;
      measure.closeReason = input.reason ?? null;
      return manager.save(measure);
    });
  },
};

/** Adds the draft report due one period after `from`, unless the measure already has a draft. */
export async function scheduleReport(manager: EntityManager, measure: Measure, from: string): Promise<void> {
  const reports = manager.getRepository(SituationReport);
  if (await reports.existsBy({ measureId: measure.id, status: SituationReportStatus.DRAFT })) return;
  const child = await manager.getRepository(Child).findOneByOrFail({ id: measure.childId });
  await reports.insert({
    childId: measure.childId,
    measureId: measure.id,
    dueOn: nextReportDue(child.birthDate, from, measure.plannedEndDate),
    status: SituationReportStatus.DRAFT,
  });
}
