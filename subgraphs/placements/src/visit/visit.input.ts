import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { VisitRightKind } from './visit-right.entity';
import { VisitCanceller } from './visit.entity';

@InputType({ description: 'Record a visit right set by a decision. Give either `guardianId` or `relativeName`.' })
export class SetVisitRightInput {
  @Field(() => ID, { description: 'The placed child.' })
  @IsUUID()
  childId!: string;

  @Field(() => ID, { nullable: true, description: 'The visitor when a guardian (titulaire de l’autorité parentale, from cases).' })
  @IsOptional()
  @IsUUID()
  guardianId?: string | null;

  @Field(() => String, { nullable: true, description: 'The visitor’s name when not a guardian (grand-parent, sibling…).' })
  @IsOptional()
  @Length(2, 200)
  relativeName?: string | null;

  @Field(() => String, { nullable: true, description: 'The visitor’s tie to the child (lien), e.g. “grand-mère”.' })
  @IsOptional()
  @Length(2, 100)
  relationship?: string | null;

  @Field(() => VisitRightKind, { description: 'How visits take place.' })
  kind!: VisitRightKind;

  @Field({ description: 'How often, as the decision says.' })
  @Length(2, 500)
  frequency!: string;

  @Field({ description: 'Where visits take place.' })
  @Length(2, 500)
  place!: string;

  @Field({ description: 'The decision that set the right (judgment or ASE decision, with its reference).' })
  @Length(2, 1000)
  decision!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of that decision.' })
  decidedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day the right applies.' })
  startsOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day it applies, if the decision says.' })
  @IsOptional()
  endsOn?: string | null;
}

@InputType({ description: 'End a visit right (a new decision suspends or replaces it).' })
export class EndVisitRightInput {
  @Field(() => ID, { description: 'The visit right.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if it changed since.' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Last day it applies.' })
  endsOn!: string;
}

@InputType({ description: 'Plan visits under a visit right, one per day given.' })
export class PlanVisitsInput {
  @Field(() => ID, { description: 'The visit right.' })
  @IsUUID()
  visitRightId!: string;

  @Field(() => [GraphQLLocalDate], { description: 'The days of the visits (1 to 60), within the right’s period.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  days!: string[];
}

@InputType({ description: 'Record that a planned visit took place.' })
export class RecordVisitHeldInput {
  @Field(() => ID, { description: 'The visit.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if it changed since.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'How it went (compte rendu), for the judge’s report.' })
  @IsOptional()
  @Length(1, 5000)
  report?: string | null;
}

@InputType({ description: 'Record that a planned visit was cancelled, why and by whom.' })
export class CancelVisitInput {
  @Field(() => ID, { description: 'The visit.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if it changed since.' })
  version!: number;

  @Field({ description: 'Why it was cancelled.' })
  @Length(2, 2000)
  reason!: string;

  @Field(() => VisitCanceller, { description: 'Who cancelled it.' })
  cancelledBy!: VisitCanceller;
}
