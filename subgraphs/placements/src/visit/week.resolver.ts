import { Access, addDays, mondayOf, type Page, PageArgs, paginate, requireUuid } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { Placement } from '../placement/placement.entity';
import { VisitRight } from './visit-right.entity';
import { Visit } from './visit.entity';
import { VisitConnection } from './visit.resolver';

@ArgsType()
export class FacilityWeekArgs {
  @Field(() => ID, { description: 'The facility (lieu d’accueil).' })
  facilityId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Any day of the week wanted: the week runs from its Monday to its Sunday.' })
  week!: string;
}

@ArgsType()
export class WeekArgs {
  @Field(() => GraphQLLocalDate, { description: 'Any day of the week wanted: the week runs from its Monday to its Sunday.' })
  week!: string;
}

/**
 * A facility's visits of a week (le planning des visites): visits, in any state, planned that
 * week for the children placed in the facility at some time that week, by day then id. Within the
 * principal's rows (an association: its children; a judge: the children of its slice), so a
 * facility outside them lists nothing. One statement a page.
 */
@Resolver()
export class FacilityWeekResolver {
  @Access('VISIT_RIGHTS')
  @Query(() => VisitConnection, {
    nullable: true,
    description:
      'The visits of a week for the children placed in a facility that week, by day: those planned, held and cancelled; only those of your rows. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.',
  })
  facilityVisits(@Ctx() ctx: PlacementsContext, @Args() args: FacilityWeekArgs, @Args() page: PageArgs): Promise<Page<Visit>> {
    const facilityId = requireUuid(args.facilityId, 'facilityId');
    const monday = mondayOf(args.week);
    const ds = ctx.db.dataSource;
    const qb = ds
      .getRepository(Visit)
      .createQueryBuilder('w')
      .where('w.planned_on BETWEEN :monday AND :sunday', { monday, sunday: addDays(monday, 6) })
      .andWhere(
        `w.visit_right_id IN (SELECT r.id FROM ${ds.getRepository(VisitRight).metadata.tablePath} r
           JOIN ${ds.getRepository(Placement).metadata.tablePath} p ON p.child_id = r.child_id
          WHERE p.facility_id = :facilityId AND p.start_date <= :sunday AND (p.end_date IS NULL OR p.end_date >= :monday))`,
        { facilityId },
      );
    const rows = ctx.rows.read.visits;
    return paginate(rows ? qb.andWhere(rows.sql, rows.params) : qb, page, { property: 'plannedOn', direction: 'ASC' });
  }

  /**
   * The visits of a week of every child of the principal's rows (a team's planning): for a
   * département caseworker, the children of their team and caseload; for a manager, the whole
   * département; for an association or a judge, their own slice. By day then id, a page at a time.
   */
  @Access('VISIT_RIGHTS')
  @Query(() => VisitConnection, {
    nullable: true,
    description:
      'The visits of a week for the children of your rows (for a département caseworker: their team’s and caseload’s), by day: those planned, held and cancelled. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.',
  })
  weekVisits(@Ctx() ctx: PlacementsContext, @Args() args: WeekArgs, @Args() page: PageArgs): Promise<Page<Visit>> {
    const monday = mondayOf(args.week);
    const qb = ctx.db.dataSource
      .getRepository(Visit)
      .createQueryBuilder('w')
      .where('w.planned_on BETWEEN :monday AND :sunday', { monday, sunday: addDays(monday, 6) });
    const rows = ctx.rows.read.visits;
    return paginate(rows ? qb.andWhere(rows.sql, rows.params) : qb, page, { property: 'plannedOn', direction: 'ASC' });
  }
}
