import { Length } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

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
