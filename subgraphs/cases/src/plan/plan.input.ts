import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ObjectiveStatus, PlanDomain, SignerRole } from './plan.enums';

@InputType('ChildPlanNeedInput', { description: 'A need of the child in one domain.' })
export class PlanNeedInput {
  @Field(() => PlanDomain, { description: 'Domain.' })
  domain!: PlanDomain;

  @Field({ description: 'The need, in words.' })
  @Length(1, 5000)
  description!: string;
}

@InputType('ChildPlanActionInput', { description: 'An action towards an objective.' })
export class PlanActionInput {
  @Field({ description: 'The action.' })
  @Length(1, 5000)
  description!: string;

  @Field({ description: 'Who carries it out.' })
  @Length(1, 200)
  owner!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'By when.' })
  dueOn?: string | null;
}

@InputType('ChildPlanObjectiveInput', { description: 'An objective of the plan with its actions.' })
export class PlanObjectiveInput {
  @Field(() => PlanDomain, { description: 'Domain.' })
  domain!: PlanDomain;

  @Field({ description: 'The objective.' })
  @Length(1, 5000)
  description!: string;

  @Field({ description: 'Who is responsible for it.' })
  @Length(1, 200)
  owner!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'By when it should be reached.' })
  targetDate?: string | null;

  @Field(() => [PlanActionInput], { defaultValue: [], description: 'Actions towards it.' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  actions!: PlanActionInput[];
}

@InputType({ description: 'A new projet pour l’enfant (DRAFT until the département signs it).' })
export class CreateChildPlanInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => ID, { nullable: true, description: 'The measure it goes with (drawn up within 3 months of its start).' })
  measureId?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day it was drawn up; today if absent.' })
  drawnUpOn?: string | null;

  @Field(() => [PlanNeedInput], { description: 'The child’s needs by domain.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  needs!: PlanNeedInput[];

  @Field(() => [PlanObjectiveInput], { description: 'Objectives with their owners, target dates and actions.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  objectives!: PlanObjectiveInput[];
}

@InputType('ChildPlanObjectiveStatusChange', { description: 'An objective’s new status.' })
export class ObjectiveStatusChange {
  @Field(() => ID, { description: 'The objective.' })
  objectiveId!: string;

  @Field(() => ObjectiveStatus, { description: 'Its new status.' })
  status!: ObjectiveStatus;
}

@InputType({ description: 'A review of the plan, with the child’s own words.' })
export class ReviewChildPlanInput {
  @Field(() => ID, { description: 'The plan.' })
  planId!: string;

  @Field(() => Int, { description: 'The plan’s version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day of the review.' })
  reviewedOn!: string;

  @Field({ description: 'Who led it.' })
  @Length(1, 200)
  reviewer!: string;

  @Field({ description: 'What it found and decided.' })
  @Length(1, 20000)
  summary!: string;

  @Field({ description: 'Whether the child took part.' })
  childPresent!: boolean;

  @Field(() => String, { nullable: true, description: 'The child’s own words, as said.' })
  @IsOptional()
  @Length(1, 20000)
  childWords?: string | null;

  @Field(() => [ObjectiveStatusChange], { defaultValue: [], description: 'Objectives reached or dropped at this review.' })
  @ValidateNested({ each: true })
  objectives!: ObjectiveStatusChange[];
}

@InputType({ description: 'A signature of the plan; the département’s puts it in force.' })
export class SignChildPlanInput {
  @Field(() => ID, { description: 'The plan.' })
  planId!: string;

  @Field(() => Int, { description: 'The plan’s version you read (optimistic locking).' })
  version!: number;

  @Field({ description: 'Name of the signer.' })
  @Length(1, 200)
  signerName!: string;

  @Field(() => SignerRole, { description: 'In what capacity.' })
  signerRole!: SignerRole;

  @Field(() => GraphQLLocalDate, { description: 'Day of the signature.' })
  signedOn!: string;
}
