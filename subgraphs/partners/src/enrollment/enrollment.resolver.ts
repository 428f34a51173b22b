import { Access, notFound, PageArgs, type Page } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { EnrollmentConnection } from '../connections';
import { DeclarationStatus } from '../declaration';
import { Child } from '../child/child.stub';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.entity';
import { Enrollment } from './enrollment.entity';
import { EnrollChildInput } from './enrollment.input';
import { enrollmentService } from './enrollment.service';

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Access('SCHOOLING')
  @Mutation(() => Enrollment, {
    description:
      'Enrols a child in a school. A school declares an enrolment at itself: the answer is a receipt (status DECLARED), the child is not in its slice and no other enrolment ends until the département confirms it. Recorded by the département, it is in force at once and the child’s enrolment elsewhere ends the day before.',
  })
  enrollChild(@Ctx() ctx: PartnersContext, @Arg('input', { description: 'The enrolment.' }) input: EnrollChildInput): Promise<Enrollment> {
    return enrollmentService.enroll(ctx, input);
  }

  @Access('SCHOOLING')
  @Mutation(() => Enrollment, { description: 'Sets the last day of an enrolment in force (the pupil leaves); a school ends its own enrolments only. CONFLICT on a stale version.' })
  endEnrollment(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The enrolment.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('endDate', () => GraphQLLocalDate, { description: 'Last day the pupil attends.' }) endDate: string,
  ): Promise<Enrollment> {
    return enrollmentService.end(ctx, id, version, endDate);
  }

  @Access('SCHOOLING_CONFIRMATION')
  @Query(() => EnrollmentConnection, {
    nullable: true,
    description:
      'Enrolment declarations by schools, oldest first: those waiting for the département (DECLARED, by default), or those it confirmed or rejected. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SCHOOLING.',
  })
  enrollmentDeclarations(
    @Ctx() ctx: PartnersContext,
    @Args() page: PageArgs,
    @Arg('status', () => DeclarationStatus, { defaultValue: DeclarationStatus.DECLARED, description: 'Which declarations.' }) status: DeclarationStatus,
  ): Promise<Page<Enrollment>> {
    return enrollmentService.declarations(ctx, page, status);
  }

  @Access('SCHOOLING_CONFIRMATION')
  @Mutation(() => Enrollment, {
    description:
      'The département confirms a school’s declaration: it comes into force (the child enters the school’s slice) and the child’s enrolment elsewhere ends the day before. BAD_USER_INPUT when the child does not exist; CONFLICT on a stale version.',
  })
  confirmEnrollment(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The declaration.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
  ): Promise<Enrollment> {
    return enrollmentService.confirm(ctx, id, version);
  }

  @Access('SCHOOLING_CONFIRMATION')
  @Mutation(() => Enrollment, { description: 'The département rejects a school’s declaration: it never comes into force. CONFLICT on a stale version.' })
  rejectEnrollment(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The declaration.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('reason', { description: 'Why (the school reads it), 1 to 500 characters.' }) reason: string,
  ): Promise<Enrollment> {
    return enrollmentService.reject(ctx, id, version, reason);
  }

  @FieldResolver(() => Child, {
    nullable: true,
    description: 'The pupil (null for a declaration naming a child Passerelle does not know: the département rejects it).',
  })
  child(@Root() enrollment: Enrollment): Child {
    return { id: enrollment.childId };
  }

  @FieldResolver(() => Partner, { description: 'The school.' })
  async school(@Root() enrollment: Enrollment, @Ctx() ctx: PartnersContext): Promise<Partner> {
    const school = enrollment.school ?? (await ctx.loaders.partnerById.load(enrollment.schoolId));
    if (!school) throw notFound('Partner', enrollment.schoolId);
    return school;
  }
}
