import { Connection, notFound, PageArgs, type Page } from '@passerelle/common';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.stub';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.entity';
import { Enrollment } from './enrollment.entity';

export const EnrollmentConnection = Connection(Enrollment);

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @FieldResolver(() => Child, { description: 'The pupil.' })
  child(@Root() enrollment: Enrollment): Child {
    return { id: enrollment.childId };
  }

  @FieldResolver(() => Partner, { description: 'The school.' })
  async school(@Root() enrollment: Enrollment, @Ctx() ctx: PartnersContext): Promise<Partner> {
    const school = await ctx.loaders.partnerById.load(enrollment.schoolId);
    if (!school) throw notFound('Partner', enrollment.schoolId);
    return school;
  }
}

@Resolver(() => Child)
export class ChildEnrollmentsResolver {
  @FieldResolver(() => EnrollmentConnection, { description: 'The child’s school enrolments, newest first.' })
  enrollments(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: PartnersContext): Promise<Page<Enrollment>> {
    return ctx.loaders.enrollmentsByChild.load({ parentId: child.id, args: page });
  }
}
