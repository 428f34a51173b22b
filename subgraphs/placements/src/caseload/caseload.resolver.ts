import { Access, addDays, type Page, PageArgs, paginate, todayInFrance } from '@passerelle/common';
import { Args, Ctx, Directive, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { VisitRight } from '../visit/visit-right.entity';
import { Visit, VisitStatus } from '../visit/visit.entity';
import { VisitConnection } from '../visit/visit.resolver';
import { Caseload, CaseloadVisitCounts } from './caseload.stub';

/** The caseload's planned visits in its window (alias `w`), within the principal's rows; none for another member's caseload. */
function plannedVisits(ctx: PlacementsContext, caseload: Caseload) {
  const mine = caseload.memberId.toLowerCase() === ctx.principal.sub.toLowerCase();
  const qb = ctx.db.dataSource
    .getRepository(Visit)
    .createQueryBuilder('w')
    .where('w.status = :planned', { planned: VisitStatus.PLANNED })
    .andWhere('w.planned_on <= :dueBy', { dueBy: addDays(todayInFrance(), caseload.withinDays) })
    .andWhere(
      `w.visit_right_id IN (SELECT r.id FROM ${ctx.db.dataSource.getRepository(VisitRight).metadata.tablePath} r WHERE r.child_id = ANY(:childIds))`,
      { childIds: mine ? (caseload.childIds ?? []) : [] },
    );
  const rows = ctx.rows.read.visits;
  return rows ? qb.andWhere(rows.sql, rows.params) : qb;
}

/**
 * The visits planned for a caseload's children (issue 13): the cases subgraph owns the caseload
 * and its children (`childIds`, `@external` here, `@requires` below), this one the visits, so a
 * caseworker's day comes in one round trip. Constant statements: one per field.
 */
@Resolver(() => Caseload)
export class CaseloadVisitsResolver {
  @Directive('@external')
  @FieldResolver(() => [ID], { description: 'The caseload’s children (owned by the cases subgraph).' })
  childIds(@Root() caseload: Caseload): string[] {
    return caseload.childIds ?? [];
  }

  @Directive('@requires(fields: "childIds")')
  @Access('VISIT_RIGHTS')
  @FieldResolver(() => VisitConnection, {
    nullable: true,
    description:
      'Visits planned for the caseload’s children by the window’s last day, overdue first (by day, then id): those past and neither held nor cancelled are to record. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.',
  })
  visits(@Root() caseload: Caseload, @Ctx() ctx: PlacementsContext, @Args() page: PageArgs): Promise<Page<Visit>> {
    return paginate(plannedVisits(ctx, caseload), page, { property: 'plannedOn', direction: 'ASC' });
  }

  @Directive('@requires(fields: "childIds")')
  @Access('VISIT_RIGHTS')
  @FieldResolver(() => CaseloadVisitCounts, {
    nullable: true,
    description: 'How many visits are planned in the window, and how many are overdue: the dashboard’s VISIT line. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.',
  })
  async visitCounts(@Root() caseload: Caseload, @Ctx() ctx: PlacementsContext): Promise<CaseloadVisitCounts> {
    const row: { total: number; overdue: number } | undefined = await plannedVisits(ctx, caseload)
      .select('count(*)::int', 'total')
      .addSelect('(count(*) FILTER (WHERE w.planned_on < :today))::int', 'overdue')
      .setParameter('today', todayInFrance())
      .getRawOne();
    return { total: row?.total ?? 0, overdue: row?.overdue ?? 0 };
  }
}
