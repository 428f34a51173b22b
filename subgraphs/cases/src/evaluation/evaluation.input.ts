import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { EvaluationOutcome } from './evaluation.entity';

@InputType({ description: 'Start the evaluation of an acknowledged concern, in binôme.' })
export class StartEvaluationInput {
  @Field(() => ID, { description: 'The concern (ACKNOWLEDGED).' })
  concernId!: string;

  @Field(() => Int, { description: 'The concern’s version you read (optimistic locking).' })
  concernVersion!: number;

  @Field(() => [ID], {
    description:
      'The two evaluators (binôme pluridisciplinaire): two different members (PartnerMember ids), each an active member of the département or the CRIP.',
  })
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  evaluators!: string[];

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'An earlier due date than the default (e.g. a child under 2); never later than the legal delay.',
  })
  dueOn?: string | null;
}

@InputType({ description: 'Notes taken during an evaluation.' })
export class UpdateEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'What the evaluators found so far.' })
  @IsOptional()
  @Length(1, 50000)
  findings?: string | null;

  @Field(() => String, { nullable: true, description: 'What they recommend so far.' })
  @IsOptional()
  @Length(1, 20000)
  recommendation?: string | null;
}

@InputType({ description: 'Conclude an evaluation: the outcome becomes the concern’s status (CASF D226-2-6).' })
export class ConcludeEvaluationInput {
  @Field(() => ID, { description: 'The evaluation (IN_PROGRESS).' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field({ description: 'What the evaluators found.' })
  @Length(1, 50000)
  findings!: string;

  @Field({ description: 'What they recommend.' })
  @Length(1, 20000)
  recommendation!: string;

  @Field(() => EvaluationOutcome, { description: 'Close, administrative support, or referral to the parquet.' })
  outcome!: EvaluationOutcome;

  @Field(() => ID, { nullable: true, description: 'For a referral: the parquet (a Partner) it is sent to.' })
  prosecutorOfficeId?: string | null;

  @Field(() => String, { nullable: true, description: 'For a referral: its reasons (the recommendation if absent).' })
  @IsOptional()
  @Length(1, 20000)
  referralReason?: string | null;
}

@ArgsType()
export class EvaluationsDueArgs {
  @Field(() => Int, { description: 'Evaluations due within this many days from today, overdue ones included (0: due today or overdue).' })
  @Min(0)
  @Max(366)
  withinDays!: number;
}
