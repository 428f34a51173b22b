import { Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'An emergency access to a child outside your slice (bris de glace).' })
export class BreakGlassInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field({ description: 'Why you need this child’s file now (at least 20 characters): kept with the grant, read by the managers and the data-protection officer.' })
  @Length(1, 2000)
  reason!: string;
}
