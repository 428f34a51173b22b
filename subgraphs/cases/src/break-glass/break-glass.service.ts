import {
  badInput,
  caseworkerOf,
  forbidden,
  isUuid,
  notFound,
  paginate,
  readConfig,
  requireScopesFor,
  requireUuid,
  touchChildren,
  type Page,
  type PageArgs,
} from '@passerelle/common';
import { scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { BreakGlassGrant } from './break-glass.entity';
import type { BreakGlassInput } from './break-glass.input';

/** A reason says something: at least this many characters once trimmed. */
export const BREAK_GLASS_REASON_MIN = 20;

export const breakGlassService = {
  /**
   * Opens a child's file to the caseworker asking, for BREAK_GLASS_HOURS. Everything that can
   * refuse is decided before the INSERT (who asks, the reason, the child): a refusal writes
   * nothing. The matrix leaves the mutation to the département alone (W on BREAK_GLASS), so
   * every other audience is refused before execution, at the gateway and again here.
   */
  async open(ctx: CasesContext, input: BreakGlassInput): Promise<BreakGlassGrant> {
    const caseworker = caseworkerOf(ctx.principal);
    if (!caseworker) {
      throw forbidden('break-glass is for a département caseworker reaching a child outside their slice: managers and the CRIP already read every child');
    }
    if (!isUuid(caseworker.member)) throw forbidden('break-glass is for a member of the département');
    const childId = requireUuid(input.childId, 'input.childId');
    const reason = input.reason.trim();
    if (reason.length < BREAK_GLASS_REASON_MIN) {
      throw badInput(`input.reason: say why you need this child’s file now, in at least ${BREAK_GLASS_REASON_MIN} characters`, 'input.reason');
    }
    const hours = readConfig(['BREAK_GLASS_HOURS']).BREAK_GLASS_HOURS;
    const grant = await ctx.db.dataSource.transaction(async (manager) => {
      // A département member may know that a child of the département exists: NOT_FOUND is no leak.
      if (!(await manager.getRepository(Child).existsBy({ id: childId }))) throw notFound('Child', input.childId);
      const repository = manager.getRepository(BreakGlassGrant);
      const [{ now }] = (await manager.query('SELECT now() AS now')) as [{ now: Date }];
      return repository.save(
        repository.create({
          childId,
          memberId: caseworker.member,
          partnerId: ctx.principal.partnerId,
          reason,
          grantedAt: now,
          expiresAt: new Date(now.getTime() + hours * 3_600_000),
        }),
      );
    });
    // The audit record of this request names the child, whatever the client selects.
    touchChildren(ctx, [childId]);
    return grant;
  },

  /**
   * The grants, newest first: every one for the managers and the data-protection officer (scope
   * audit:read; a caseworker holding it, their own only: row policy); optionally of one child or one member.
   */
  list(ctx: CasesContext, page: PageArgs, filter: { childId?: string | null; memberId?: string | null }): Promise<Page<BreakGlassGrant>> {
    requireScopesFor(ctx.principal, 'AUDIT_LOG');
    const qb = scoped(ctx.db.dataSource.getRepository(BreakGlassGrant).createQueryBuilder('w'), ctx.rows.read.breakGlass);
    if (filter.childId) qb.andWhere('w.child_id = :childId', { childId: requireUuid(filter.childId, 'filter.childId') });
    if (filter.memberId) qb.andWhere('w.member_id = :memberId', { memberId: requireUuid(filter.memberId, 'filter.memberId') });
    return paginate(qb, page, { property: 'grantedAt', direction: 'DESC' });
  },
};
