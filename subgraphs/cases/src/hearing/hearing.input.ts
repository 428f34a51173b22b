import { Length, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A court hearing to record (audience).' })
export class ScheduleHearingInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => ID, { nullable: true, description: 'The measure it is about, if any.' })
  measureId?: string | null;

  @Field(() => ID, { description: 'The court (a Partner).' })
  courtId!: string;

  @Field({ description: 'When it takes place.' })
  scheduledAt!: Date;

  @Field({ description: 'What it is about.' })
  @Length(1, 2000)
  purpose!: string;
}

@InputType({ description: 'What a hearing decided.' })
export class RecordHearingOutcomeInput {
  @Field(() => ID, { description: 'The hearing.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field({ description: 'What was decided.' })
  @Length(1, 20000)
  outcome!: string;
}

@ArgsType()
export class CourtHearingsArgs {
  @Field(() => ID, { nullable: true, description: 'The children’s court (a Partner id); a judge’s own court when absent.' })
  courtId?: string | null;

  @Field(() => GraphQLLocalDate, { description: 'First day of the period (in France).' })
  from!: string;

  @Field(() => Int, { defaultValue: 7, description: 'How many days from `from` (1 to 92: a term at most).' })
  @Min(1)
  @Max(92)
  days: number = 7;
}
