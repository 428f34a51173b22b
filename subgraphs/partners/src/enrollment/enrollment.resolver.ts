import { Access, notFound } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
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
    description: 'Enrols a child in a school; the child’s enrolment elsewhere ends the day before (the old school stops seeing the child).',
  })
  enrollChild(@Ctx() ctx: PartnersContext, @Arg('input', { description: 'The enrolment.' }) input: EnrollChildInput): Promise<Enrollment> {
    return enrollmentService.enroll(ctx, input);
  }

  @Access('SCHOOLING')
  @Mutation(() => Enrollment, { description: 'Sets the last day of an enrolment (the pupil leaves); CONFLICT on a stale version.' })
  endEnrollment(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The enrolment.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('endDate', () => GraphQLLocalDate, { description: 'Last day the pupil attends.' }) endDate: string,
  ): Promise<Enrollment> {
    return enrollmentService.end(ctx, id, version, endDate);
  }

  @FieldResolver(() => Child, { description: 'The pupil.' })
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
