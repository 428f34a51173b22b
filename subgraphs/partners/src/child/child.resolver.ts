import { Access, type Page, PageArgs } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { EnrollmentConnection, HealthFollowUpConnection } from '../connections';
import type { PartnersContext } from '../context';
import { Enrollment } from '../enrollment/enrollment.entity';
import { enrollmentService } from '../enrollment/enrollment.service';
import { HealthFollowUp } from '../health/health-follow-up.entity';
import { healthFollowUpService } from '../health/health-follow-up.service';
import { Partner } from '../partner/partner.entity';
import { Child } from './child.stub';

/** What this subgraph adds to the cases subgraph's Child: schooling and PMI follow-up. */
@Resolver(() => Child)
export class ChildPartnersResolver {
  @Access('SCHOOLING')
  @FieldResolver(() => EnrollmentConnection, { nullable: true, description: 'The child’s school enrolments, newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SCHOOLING; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the partners service cannot be reached: null means unknown, never none.' })
  enrollments(
    @Root() child: Child,
    @Args() page: PageArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'Only the enrolment in force on this day.' }) on?: string | null,
  ): Promise<Page<Enrollment>> {
    return enrollmentService.ofChild(ctx, child.id, page, on ?? null);
  }

  @Access('SCHOOLING')
  @FieldResolver(() => Enrollment, { nullable: true, description: 'The enrolment in force today (in France), if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SCHOOLING.' })
  currentEnrollment(@Root() child: Child, @Ctx() ctx: PartnersContext): Promise<Enrollment | null> {
    return enrollmentService.current(ctx, child.id);
  }

  @Access('SCHOOLING')
  @FieldResolver(() => Partner, { nullable: true, description: 'The school the child attends today, if any (école actuelle). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SCHOOLING.' })
  async currentSchool(@Root() child: Child, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    const enrollment = await enrollmentService.current(ctx, child.id);
    if (!enrollment) return null;
    return enrollment.school ?? ctx.loaders.partnerById.load(enrollment.schoolId);
  }

  @Access('HEALTH_FOLLOW_UP')
  @FieldResolver(() => HealthFollowUpConnection, { nullable: true, description: 'The child’s PMI follow-ups, newest first (suivi PMI). Null, with a FORBIDDEN error, when the institution’s agreements do not grant HEALTH_FOLLOW_UP; null with an error of code SUBGRAPH_UNAVAILABLE on this path when the partners service cannot be reached: null means unknown, never none.' })
  healthFollowUps(
    @Root() child: Child,
    @Args() page: PageArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'Only the follow-up in force on this day.' }) on?: string | null,
  ): Promise<Page<HealthFollowUp>> {
    return healthFollowUpService.ofChild(ctx, child.id, page, on ?? null);
  }

  @Access('HEALTH_FOLLOW_UP')
  @FieldResolver(() => HealthFollowUp, { nullable: true, description: 'The PMI follow-up in force today, if any. Null, with a FORBIDDEN error, when the institution’s agreements do not grant HEALTH_FOLLOW_UP.' })
  currentHealthFollowUp(@Root() child: Child, @Ctx() ctx: PartnersContext): Promise<HealthFollowUp | null> {
    return healthFollowUpService.current(ctx, child.id);
  }
}
