import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ReturnHomePhase } from './return-home-phase';

@InputType({ description: 'Planned dates of one phase of a return-home plan.' })
export class PhasePlanInput {
  @Field(() => ReturnHomePhase, { description: 'DAY_VISITS, WEEKENDS, HOLIDAYS or MAINLEVEE_REQUESTED.' })
  phase!: ReturnHomePhase;

  @Field(() => GraphQLLocalDate, { description: 'Planned first day.' })
  plannedStart!: string;

  @Field(() => GraphQLLocalDate, { description: 'Planned last day.' })
  plannedEnd!: string;
}

@InputType({ description: 'Start a progressive return home for a child who is placed now (day visits first).' })
export class StartReturnHomePlanInput {
  @Field(() => ID, { description: 'The child.' })
  @IsUUID()
  childId!: string;

  @Field(() => ID, { nullable: true, description: 'The placement the child is leaving: the child’s open placement (the default).' })
  @IsOptional()
  @IsUUID()
  placementId?: string | null;

  @Field(() => [String], { description: 'Referent workers (1 to 5 names).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @Length(2, 200, { each: true })
  referentWorkers!: string[];

  @Field(() => GraphQLLocalDate, { description: 'First day of the plan (first day visit).' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { description: 'Planned last day: 3 to 6 months after the start, or give a justification.' })
  plannedEndDate!: string;

  @Field(() => String, { nullable: true, description: 'Required when the plan is shorter than 3 months or longer than 6.' })
  @IsOptional()
  @Length(5, 2000)
  durationJustification?: string | null;

  @Field(() => [PhasePlanInput], {
    nullable: true,
    description: 'Planned dates of the four phases; by default the plan is split 25% / 30% / 30% / 15%.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  phases?: PhasePlanInput[] | null;
}

@InputType({ description: 'Move a return-home plan to another phase, assessing the phase it leaves.' })
export class MoveReturnHomePlanInput {
  @Field(() => ID, { description: 'The plan.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if the plan changed since.' })
  version!: number;

  @Field(() => ReturnHomePhase, { description: 'The next phase, an earlier one (with a reason), or ABANDONED (with a reason).' })
  to!: ReturnHomePhase;

  @Field(() => GraphQLLocalDate, { description: 'Day of the move.' })
  on!: string;

  @Field(() => String, { nullable: true, description: 'Assessment of the phase being left (bilan).' })
  @IsOptional()
  @Length(2, 5000)
  assessment?: string | null;

  @Field(() => String, { nullable: true, description: 'Why: required to go back or to abandon; the outcome for COMPLETED.' })
  @IsOptional()
  @Length(2, 2000)
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'For MAINLEVEE_REQUESTED: the request sent to the judge (reference, grounds). Required then.' })
  @IsOptional()
  @Length(2, 5000)
  mainleveeRequest?: string | null;
}

@InputType({ description: 'Add a milestone to a return-home plan.' })
export class AddReturnHomeMilestoneInput {
  @Field(() => ID, { description: 'The plan.' })
  @IsUUID()
  planId!: string;

  @Field({ description: 'What is to be reached.' })
  @Length(2, 500)
  title!: string;

  @Field(() => GraphQLLocalDate, { description: 'Due date.' })
  dueOn!: string;
}

@InputType({ description: 'Record that a milestone was reached.' })
export class ReachReturnHomeMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if it changed since.' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day it was reached.' })
  reachedOn!: string;

  @Field(() => String, { nullable: true, description: 'Note by the worker.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;
}
