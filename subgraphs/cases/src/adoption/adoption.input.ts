import { INSEE_COMMUNE_CODE } from '@passerelle/common';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AdoptionOutcome, ApprovalAssessmentKind, ApprovalDecision, FamilyCouncilCapacity, FamilyCouncilDecisionKind, WardEndReason, WardGround } from './adoption.enums';

@InputType({ description: 'Admit a child as a ward of the State (CASF L224-4).' })
export class AdmitWardInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => WardGround, { description: 'The ground of admission.' })
  ground!: WardGround;

  @Field(() => GraphQLLocalDate, { description: 'Day of the procès-verbal (a provisional ward from that day), or of admission on the judgment (grounds 5° and 6°). Not after today (FACT_IN_FUTURE).' })
  admittedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Grounds 5° and 6° only: the judgment’s day (WARD_GROUND).' })
  judgmentOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the admission order, when already made (the 30-day recourse runs from it, CASF L224-8).' })
  admissionOrderOn?: string | null;
}

@InputType({ description: 'End a child’s wardship (returned to a parent during the provisional period, a recourse upheld, majority).' })
export class EndWardshipInput {
  @Field(() => ID, { description: 'The ward file.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Last day as a ward: not after today (FACT_IN_FUTURE).' })
  on!: string;

  @Field(() => WardEndReason, { description: 'Why (ADOPTED is recorded with the adoption judgment, not here).' })
  reason!: WardEndReason;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @IsOptional()
  @Length(0, 2000)
  note?: string | null;
}

@InputType({ description: 'Appoint a member of the family council of the wards of the State.' })
export class AppointFamilyCouncilMemberInput {
  @Field({ description: 'Full name.' })
  @Length(1, 200)
  fullName!: string;

  @Field(() => FamilyCouncilCapacity, { description: 'In which capacity (CASF L224-2).' })
  capacity!: FamilyCouncilCapacity;

  @Field(() => GraphQLLocalDate, { description: 'Day appointed: the mandate lasts 6 years from it.' })
  appointedOn!: string;
}

@InputType({ description: 'A decision of the family council about one ward.' })
export class FamilyCouncilDecisionInput {
  @Field(() => ID, { description: 'The ward file.' })
  wardFileId!: string;

  @Field(() => FamilyCouncilDecisionKind, { description: 'What was decided.' })
  kind!: FamilyCouncilDecisionKind;

  @Field({ description: 'The decision as minuted (for LIFE_PROJECT: the life project).' })
  @Length(1, 20_000)
  text!: string;

  @Field(() => ID, { nullable: true, description: 'MATCHING only: the approval of the adopters the council agrees to.' })
  approvalId?: string | null;
}

@InputType({ description: 'A meeting of the family council: who sat, and its decisions.' })
export class RecordFamilyCouncilMeetingInput {
  @Field(() => GraphQLLocalDate, { description: 'Day it sat: not after today (FACT_IN_FUTURE).' })
  heldOn!: string;

  @Field(() => [ID], { description: 'The members present: a majority of the members in office that day (FAMILY_COUNCIL_QUORUM).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  presentMemberIds!: string[];

  @Field(() => [FamilyCouncilDecisionInput], { description: 'Its decisions about wards.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  decisions!: FamilyCouncilDecisionInput[];
}

@InputType({ description: 'A request for approval to adopt (agrément).' })
export class RequestAdopterApprovalInput {
  @Field({ description: 'The applicant or applicants.' })
  @Length(1, 400)
  applicantNames!: string;

  @Field(() => String, { nullable: true, description: 'INSEE code of their commune of residence.' })
  @IsOptional()
  @Matches(INSEE_COMMUNE_CODE, { message: 'communeCode must be an INSEE commune code (5 characters, e.g. 44109)' })
  communeCode?: string | null;

  @Field({ description: 'Their project (the child or children they hope to welcome).' })
  @Length(1, 5000)
  project!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day the request was received: not after today (FACT_IN_FUTURE).' })
  requestedOn!: string;
}

@InputType({ description: 'An assessment of applicants for approval: social or psychological (CASF R225-4).' })
export class RecordApprovalAssessmentInput {
  @Field(() => ID, { description: 'The request.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => ApprovalAssessmentKind, { description: 'Which assessment.' })
  kind!: ApprovalAssessmentKind;

  @Field(() => GraphQLLocalDate, { description: 'Day done: not after today (FACT_IN_FUTURE), not before the request.' })
  on!: string;

  @Field({ description: 'Its conclusions.' })
  @Length(1, 20_000)
  conclusions!: string;
}

@InputType({ description: 'The decision on a request for approval, after the commission’s opinion.' })
export class DecideAdopterApprovalInput {
  @Field(() => ID, { description: 'The request.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the approval commission gave its opinion (required, APPROVAL_ASSESSMENTS).' })
  commissionOn?: string | null;

  @Field(() => ApprovalDecision, { description: 'Approved or refused.' })
  decision!: ApprovalDecision;

  @Field(() => GraphQLLocalDate, { description: 'Day decided: not after today.' })
  decidedOn!: string;

  @Field(() => String, { nullable: true, description: 'The reasons (required for a refusal, APPROVAL_REASONS).' })
  @IsOptional()
  @Length(0, 20_000)
  reasons?: string | null;
}

@InputType({ description: 'The approved applicants’ yearly confirmation that their project stands.' })
export class ConfirmAdopterApprovalInput {
  @Field(() => ID, { description: 'The approval.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day the confirmation was received: not after today.' })
  on!: string;
}

@InputType({ description: 'Place a ward with approved adopters with a view to adoption.' })
export class PlaceForAdoptionInput {
  @Field(() => ID, { description: 'The ward file.' })
  wardFileId!: string;

  @Field(() => ID, { description: 'The adopters’ approval: in force, and agreed to by the family council for this ward (FAMILY_COUNCIL_MATCHING).' })
  approvalId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day placed: after the provisional period (WARD_PROVISIONAL), not after today.' })
  placedOn!: string;
}

@InputType({ description: 'A follow-up of a placement with a view to adoption.' })
export class RecordAdoptionFollowUpInput {
  @Field(() => ID, { description: 'The placement.' })
  placementId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day of the visit: not after today, not before the placement.' })
  visitedOn!: string;

  @Field({ description: 'What was seen and agreed.' })
  @Length(1, 20_000)
  note!: string;
}

@InputType({ description: 'The end of a placement with a view to adoption: the adoption judgment, or the placement ended.' })
export class RecordAdoptionJudgmentInput {
  @Field(() => ID, { description: 'The placement.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day of the judgment (an adoption: at least 6 months after the placement, ADOPTION_PLACEMENT_DURATION) or of the end.' })
  on!: string;

  @Field(() => AdoptionOutcome, { description: 'The outcome; an adoption needs the family council’s CONSENT_TO_ADOPTION decision for the ward, on or before the judgment (FAMILY_COUNCIL_CONSENT).' })
  outcome!: AdoptionOutcome;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @IsOptional()
  @Length(0, 2000)
  note?: string | null;
}
