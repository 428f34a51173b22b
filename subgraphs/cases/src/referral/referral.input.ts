import { Length } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ReferralDecision } from './referral.entity';

@InputType({
  description:
    'Refer a concern to the parquet at once, without waiting for the evaluation (grave and immediate danger, CASF D226-2-4 I).',
})
export class ReferConcernInput {
  @Field(() => ID, { description: 'The concern (ACKNOWLEDGED or IN_EVALUATION).' })
  concernId!: string;

  @Field(() => Int, { description: 'The concern’s version you read (optimistic locking).' })
  concernVersion!: number;

  @Field(() => ID, { description: 'The parquet (a Partner) it is sent to.' })
  prosecutorOfficeId!: string;

  @Field({ description: 'Why: the facts showing grave and immediate danger.' })
  @Length(1, 20000)
  reason!: string;
}

@InputType({ description: 'The parquet’s decision on a referral.' })
export class RecordReferralDecisionInput {
  @Field(() => ID, { description: 'The referral.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => ReferralDecision, { description: 'Seize the judge, close, or return for evaluation.' })
  decision!: ReferralDecision;

  @Field(() => GraphQLLocalDate, { description: 'Date of the decision.' })
  decidedOn!: string;
}

@InputType({ description: 'Filters on the list of referrals.' })
export class ReferralFilter {
  @Field(() => ID, { nullable: true, description: 'Only referrals sent to this parquet.' })
  prosecutorOfficeId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only those awaiting the parquet’s decision; false: only decided ones.' })
  pending?: boolean | null;
}
