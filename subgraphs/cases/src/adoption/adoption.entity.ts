import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import {
  AdoptionOutcome,
  ApprovalDecision,
  FamilyCouncilCapacity,
  FamilyCouncilDecisionKind,
  WardEndReason,
  WardGround,
} from './adoption.enums';

/**
 * Wards of the State and adoption (issue 15), matrix category ADOPTION: the département's
 * adoption team alone (scope `adoption:team`). Every table here holds personal data; the ward files,
 * the council's decisions and the adoption placements follow the ward's file, the approvals the
 * applicants' (see docs/ACCESS.md and the README's retention note).
 */

/** A child's file as a ward of the State (pupille de l'État): admission, provisional period, recourse, life project, end. */
@Access('ADOPTION')
@ObjectType({ description: 'A child’s file as a ward of the State (pupille de l’État): admission, provisional period, recourse, life project, family council, placements with a view to adoption.' })
@Entity({ schema: 'cases', name: 'ward_file' })
export class WardFile {
  @Field(() => ID, { description: 'Stable identifier of the ward file.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Field(() => WardGround, { description: 'The ground of admission (CASF L224-4).' })
  @Column({ type: 'enum', enum: WardGround, enumName: 'ward_ground' })
  ground!: WardGround;

  @Field(() => GraphQLLocalDate, { description: 'Day of admission: the procès-verbal of the child’s surrender or taking in (a provisional ward from that day, CASF L224-6), or the judgment’s for grounds 5° and 6°.' })
  @Column({ name: 'admitted_on', type: 'date' })
  admittedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the judgment the admission rests on (grounds 5° and 6°); null otherwise.' })
  @Column({ name: 'judgment_on', type: 'date', nullable: true })
  judgmentOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the admission order (arrêté d’admission), from which the 30-day recourse runs (CASF L224-8); null until made.' })
  @Column({ name: 'admission_order_on', type: 'date', nullable: true })
  admissionOrderOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The ward’s life project (projet de vie) as the family council last agreed it (CASF L225-1); null until then.' })
  @Column({ name: 'life_project', type: 'text', nullable: true })
  lifeProject!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the family council agreed the current life project.' })
  @Column({ name: 'life_project_on', type: 'date', nullable: true })
  lifeProjectOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the family council’s last review of the situation; null before the first.' })
  @Column({ name: 'last_review_on', type: 'date', nullable: true })
  lastReviewOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day it ended; null while the child is a ward.' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Field(() => WardEndReason, { nullable: true, description: 'Why it ended.' })
  @Column({ name: 'end_reason', type: 'enum', enum: WardEndReason, enumName: 'ward_end_reason', nullable: true })
  endReason!: WardEndReason | null;

  @Field(() => String, { nullable: true, description: 'A note on the end.' })
  @Column({ name: 'end_note', type: 'text', nullable: true })
  endNote!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with a change (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A member of the family council of the wards of the State (CASF L224-2). */
@Access('ADOPTION')
@ObjectType({ description: 'A member of the family council of the wards of the State (CASF L224-2): appointed for 6 years.' })
@Entity({ schema: 'cases', name: 'family_council_member' })
export class FamilyCouncilMember {
  @Field(() => ID, { description: 'Stable identifier of the member.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Full name.' })
  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Field(() => FamilyCouncilCapacity, { description: 'In which capacity they sit.' })
  @Column({ type: 'enum', enum: FamilyCouncilCapacity, enumName: 'family_council_capacity' })
  capacity!: FamilyCouncilCapacity;

  @Field(() => GraphQLLocalDate, { description: 'Day appointed.' })
  @Column({ name: 'appointed_on', type: 'date' })
  appointedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the mandate (6 years, CASF L224-2).' })
  @Column({ name: 'mandate_until', type: 'date' })
  mandateUntil!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A meeting of the family council: who sat, and its decisions about wards. */
@Access('ADOPTION')
@ObjectType({ description: 'A meeting of the family council: the members present and its decisions about wards.' })
@Entity({ schema: 'cases', name: 'family_council_meeting' })
export class FamilyCouncilMeeting {
  @Field(() => ID, { description: 'Stable identifier of the meeting.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day it sat.' })
  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  /** Exposed as `presentMembers`. */
  @Column({ name: 'present_member_ids', type: 'uuid', array: true })
  presentMemberIds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A decision of the family council about one ward. */
@Access('ADOPTION')
@ObjectType({ description: 'A decision of the family council about one ward: a review of the situation, the life project, a match with adopters, consent to adoption.' })
@Entity({ schema: 'cases', name: 'family_council_decision' })
export class FamilyCouncilDecision {
  @Field(() => ID, { description: 'Stable identifier of the decision.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `meeting`. */
  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  /** Exposed as `wardFile`. */
  @Column({ name: 'ward_file_id', type: 'uuid' })
  wardFileId!: string;

  /** The ward's child (the audit log names it). */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Field(() => FamilyCouncilDecisionKind, { description: 'What was decided.' })
  @Column({ type: 'enum', enum: FamilyCouncilDecisionKind, enumName: 'family_council_decision_kind' })
  kind!: FamilyCouncilDecisionKind;

  @Field({ description: 'The decision as minuted.' })
  @Column({ type: 'text' })
  text!: string;

  /** A MATCHING decision: the approval of the adopters agreed to. Exposed as `approval`. */
  @Column({ name: 'approval_id', type: 'uuid', nullable: true })
  approvalId!: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Day decided (the meeting’s).' })
  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;
}

/** A request for approval to adopt (agrément) and its outcome: the applicants are people, their data personal. */
@Access('ADOPTION')
@ObjectType({ description: 'A request for approval to adopt a ward of the State (agrément, CASF L225-2): applicants, assessments, the commission, the decision, its 5 years and yearly confirmations.' })
@Entity({ schema: 'cases', name: 'adopter_approval' })
export class AdopterApproval {
  @Field(() => ID, { description: 'Stable identifier of the request.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'The applicant or applicants, as they signed the request.' })
  @Column({ name: 'applicant_names', type: 'text' })
  applicantNames!: string;

  @Field(() => String, { nullable: true, description: 'INSEE code of the applicants’ commune of residence.' })
  @Column({ name: 'commune_code', type: 'text', nullable: true })
  communeCode!: string | null;

  @Field({ description: 'Their project: the child or children they hope to welcome (number, age, needs).' })
  @Column({ type: 'text' })
  project!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day the request was received (confirmed); the 9 months run from it.' })
  @Column({ name: 'requested_on', type: 'date' })
  requestedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the social assessment (CASF R225-4); null until done.' })
  @Column({ name: 'social_assessment_on', type: 'date', nullable: true })
  socialAssessmentOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The social assessment’s conclusions.' })
  @Column({ name: 'social_assessment', type: 'text', nullable: true })
  socialAssessment!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the psychological assessment (CASF R225-4); null until done.' })
  @Column({ name: 'psychological_assessment_on', type: 'date', nullable: true })
  psychologicalAssessmentOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The psychological assessment’s conclusions.' })
  @Column({ name: 'psychological_assessment', type: 'text', nullable: true })
  psychologicalAssessment!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the approval commission gave its opinion.' })
  @Column({ name: 'commission_on', type: 'date', nullable: true })
  commissionOn!: string | null;

  @Field(() => ApprovalDecision, { nullable: true, description: 'The decision; null until taken.' })
  @Column({ type: 'enum', enum: ApprovalDecision, enumName: 'approval_decision', nullable: true })
  decision!: ApprovalDecision | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day decided.' })
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The decision’s reasons (required for a refusal).' })
  @Column({ type: 'text', nullable: true })
  reasons!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the applicants last confirmed that their project stands (yearly, CASF R225-7).' })
  @Column({ name: 'last_confirmed_on', type: 'date', nullable: true })
  lastConfirmedOn!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with a change (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A ward placed with approved adopters with a view to adoption (CC 351), followed until the judgment. */
@Access('ADOPTION')
@ObjectType({ description: 'A ward placed with approved adopters with a view to adoption (placement en vue d’adoption, CC 351), followed until the judgment.' })
@Entity({ schema: 'cases', name: 'adoption_placement' })
export class AdoptionPlacement {
  @Field(() => ID, { description: 'Stable identifier of the placement.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `wardFile`. */
  @Column({ name: 'ward_file_id', type: 'uuid' })
  wardFileId!: string;

  /** The ward's child (the audit log names it). */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `approval`. */
  @Column({ name: 'approval_id', type: 'uuid' })
  approvalId!: string;

  /** The family council's MATCHING decision it rests on. Exposed as `matchingDecision`. */
  @Column({ name: 'matching_decision_id', type: 'uuid' })
  matchingDecisionId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day the child was placed in the adopters’ home.' })
  @Column({ name: 'placed_on', type: 'date' })
  placedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the adoption judgment, or of the end of the placement; null while it runs.' })
  @Column({ name: 'judgment_on', type: 'date', nullable: true })
  judgmentOn!: string | null;

  @Field(() => AdoptionOutcome, { nullable: true, description: 'How it ended; null while it runs.' })
  @Column({ type: 'enum', enum: AdoptionOutcome, enumName: 'adoption_outcome', nullable: true })
  outcome!: AdoptionOutcome | null;

  @Field(() => String, { nullable: true, description: 'A note on the outcome.' })
  @Column({ name: 'outcome_note', type: 'text', nullable: true })
  outcomeNote!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with a change (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A follow-up visit of a placement with a view to adoption. */
@Access('ADOPTION')
@ObjectType({ description: 'A follow-up of a placement with a view to adoption: a visit or a meeting with the family, and what was seen.' })
@Entity({ schema: 'cases', name: 'adoption_follow_up' })
export class AdoptionFollowUp {
  @Field(() => ID, { description: 'Stable identifier of the follow-up.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day of the visit.' })
  @Column({ name: 'visited_on', type: 'date' })
  visitedOn!: string;

  @Field({ description: 'What was seen and agreed.' })
  @Column({ type: 'text' })
  note!: string;
}
