import { badInput, loadForUpdate, notFound, requireUuid } from '@passerelle/common';
import { requireWritable } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Hearing } from './hearing.entity';
import type { RecordHearingOutcomeInput, ScheduleHearingInput } from './hearing.input';

export const hearingService = {
  async get(ctx: CasesContext, id: string): Promise<Hearing> {
    const hearing = await ctx.loaders.hearingById.load(requireUuid(id, 'id'));
    if (!hearing) throw ctx.rows.absent('Hearing', id);
    return hearing;
  },

  schedule(ctx: CasesContext, input: ScheduleHearingInput): Promise<Hearing> {
    const childId = requireUuid(input.childId, 'input.childId');
    const courtId = requireUuid(input.courtId, 'input.courtId');
    const measureId = input.measureId ? requireUuid(input.measureId, 'input.measureId') : null;
    ctx.rows.requireCourt(courtId);
    return ctx.db.dataSource.transaction(async (manager) => {
      // Only for a child the writer may open a case for (row policy: a judge's competence), and
      // FORBIDDEN alike whether the child exists or not; NOT_FOUND only for the whole département.
      await requireWritable(manager, Child, 'Child', childId, await ctx.rows.newCaseFor());
      if (!(await manager.getRepository(Child).existsBy({ id: childId }))) throw notFound('Child', input.childId);
      if (measureId) {
        // The measure it is about must be one the principal may read.
        const measure = await ctx.loaders.measureById.load(measureId);
        if (!measure) throw ctx.rows.absent('Measure', input.measureId!);
        if (measure.childId !== childId) throw badInput('that measure is about another child', 'input.measureId');
      }
      const repository = manager.getRepository(Hearing);
      return repository.save(
        repository.create({ childId, measureId, courtId, scheduledAt: new Date(input.scheduledAt), purpose: input.purpose }),
      );
    });
  },

  recordOutcome(ctx: CasesContext, input: RecordHearingOutcomeInput): Promise<Hearing> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Hearing, 'Hearing', id, ctx.rows.write.hearings);
      const hearing = await loadForUpdate(manager, Hearing, 'Hearing', id, input.version);
      if (hearing.scheduledAt.getTime() > Date.now()) {
        throw badInput('the hearing has not taken place yet', 'input.id');
      }
      hearing.outcome = input.outcome;
      return manager.save(hearing);
    });
  },
};
