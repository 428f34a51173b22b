import { badInput, requireUuid } from '@passerelle/common';
import { IsNull, type EntityManager } from 'typeorm';
import { requireWritable } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { requireCaseworkers } from './caseworkers';
import { ChildReferent } from './child-referent.entity';
import type { AssignReferentInput, EndReferentInput } from './referent.input';

/** The child, locked for the rest of the transaction (assignments to one child are serialised); absent as the row policy says. */
async function lockChild(ctx: CasesContext, manager: EntityManager, childId: string): Promise<void> {
  await requireWritable(manager, Child, 'Child', childId, ctx.rows.write.child);
  const rows: unknown[] = await manager.query('SELECT id FROM cases.child WHERE id = $1 FOR UPDATE', [childId]);
  if (rows.length === 0) throw ctx.rows.absent('Child', childId);
}

function dayNotAfterToday(day: string | null | undefined, argument: string): string {
  const today = todayInFrance();
  if (!day) return today;
  if (day > today) throw badInput(`${argument} cannot be in the future`, argument);
  return day;
}

/** A child's référents ASE: members of the département or the CRIP (issue 13). Every method takes the request context first. */
export const referentService = {
  /**
   * Makes a member one of the child's référents from `since`. The member must be an active
   * member of the département or the CRIP (asked of partners); the child's free-text referent
   * recorded before référents were members is cleared: the member's contact supersedes it.
   */
  async assign(ctx: CasesContext, input: AssignReferentInput): Promise<ChildReferent> {
    const childId = requireUuid(input.childId, 'input.childId');
    const memberId = requireUuid(input.memberId, 'input.memberId');
    const since = dayNotAfterToday(input.since, 'input.since');
    await requireCaseworkers(ctx.scope, [memberId], 'input.memberId');
    return ctx.db.dataSource.transaction(async (manager) => {
      await lockChild(ctx, manager, childId);
      const repository = manager.getRepository(ChildReferent);
      if (await repository.exists({ where: { childId, memberId, until: IsNull() } })) {
        throw badInput(`member ${memberId} is already a référent of child ${childId}`, 'input.memberId');
      }
      await manager.query(
        `UPDATE cases.child SET referent_name = NULL, referent_phone = NULL, version = version + 1, updated_at = now()
          WHERE id = $1 AND (referent_name IS NOT NULL OR referent_phone IS NOT NULL)`,
        [childId],
      );
      return repository.save(repository.create({ childId, memberId, since, until: null }));
    });
  },

  /** Ends a current assignment on `until` (today by default); the row stays, as history. */
  async end(ctx: CasesContext, input: EndReferentInput): Promise<ChildReferent> {
    const childId = requireUuid(input.childId, 'input.childId');
    const memberId = requireUuid(input.memberId, 'input.memberId');
    const until = dayNotAfterToday(input.until, 'input.until');
    return ctx.db.dataSource.transaction(async (manager) => {
      await lockChild(ctx, manager, childId);
      const repository = manager.getRepository(ChildReferent);
      const current = await repository.findOneBy({ childId, memberId, until: IsNull() });
      if (!current) throw badInput(`member ${memberId} is not a current référent of child ${childId}`, 'input.memberId');
      if (until < current.since) throw badInput(`input.until cannot be before the assignment started (${current.since})`, 'input.until');
      current.until = until;
      return repository.save(current);
    });
  },
};
