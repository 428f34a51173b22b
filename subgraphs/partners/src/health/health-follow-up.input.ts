import { MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'Starts a PMI centre’s follow-up of a child. In force (recorded by the département, or a centre’s declaration once the département confirms it), the follow-up the child still has with another centre ends the day before (one centre at a time).',
})
export class StartHealthFollowUpInput {
  @Field(() => ID, { description: 'The child (from the cases subgraph).' })
  childId!: string;

  @Field(() => ID, { description: 'The PMI centre (a Partner of kind PMI, active): for a PMI centre, itself.' })
  pmiId!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day of the follow-up.' })
  startDate!: string;

  @Field({ description: 'Why the centre follows the child.' })
  @MinLength(1)
  @MaxLength(300)
  reason!: string;
}
