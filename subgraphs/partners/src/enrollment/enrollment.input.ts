import { Matches, MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'Enrols a child in a school from a day. In force (recorded by the département, or a school’s declaration once the département confirms it), the enrolment the child still has elsewhere ends the day before: the old school stops seeing the child the day the new one starts.',
})
export class EnrollChildInput {
  @Field(() => ID, { description: 'The child (from the cases subgraph).' })
  childId!: string;

  @Field(() => ID, { description: 'The school (a Partner of kind SCHOOL, active): for a school, itself.' })
  schoolId!: string;

  @Field({ description: 'School year, "YYYY-YYYY" with consecutive years, e.g. "2026-2027".' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must read like 2026-2027' })
  schoolYear!: string;

  @Field({ description: 'Class level, e.g. CP, CM2, 3e.' })
  @MinLength(1)
  @MaxLength(30)
  classLevel!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day at the school.' })
  startDate!: string;
}
