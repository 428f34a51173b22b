import { IsOptional, Length } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'The text of a draft situation report.' })
export class UpdateSituationReportInput {
  @Field(() => ID, { description: 'The report (DRAFT).' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field({ description: 'The report’s text.' })
  @Length(1, 100000)
  content!: string;
}

@InputType({ description: 'Send a situation report: DRAFT → SENT; the next one falls due.' })
export class SendSituationReportInput {
  @Field(() => ID, { description: 'The report (DRAFT).' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day it is sent.' })
  sentOn!: string;

  @Field(() => String, { nullable: true, description: 'Final text, if not saved before.' })
  @IsOptional()
  @Length(1, 100000)
  content?: string | null;
}

@ArgsType()
export class ReportsDueArgs {
  @Field(() => GraphQLLocalDate, { description: 'Draft reports due before this day (overdue ones included), of measures still open.' })
  before!: string;
}
