import {
  Access,
  approvalConfirmationDueOn,
  approvalDecisionDueOn,
  approvalValidUntil,
  Connection,
  earliestAdoptionJudgmentOn,
  PageArgs,
  wardDefinitiveOn,
  wardRecourseUntil,
  wardReviewDueOn,
  type Page,
} from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import {
  AdopterApproval,
  AdoptionFollowUp,
  AdoptionPlacement,
  FamilyCouncilDecision,
  FamilyCouncilMeeting,
  FamilyCouncilMember,
  WardFile,
} from './adoption.entity';
import { ApprovalStatus, WardStatus } from './adoption.enums';
import {
  AdmitWardInput,
  AppointFamilyCouncilMemberInput,
  ConfirmAdopterApprovalInput,
  DecideAdopterApprovalInput,
  EndWardshipInput,
  PlaceForAdoptionInput,
  RecordAdoptionFollowUpInput,
  RecordAdoptionJudgmentInput,
  RecordApprovalAssessmentInput,
  RecordFamilyCouncilMeetingInput,
  RequestAdopterApprovalInput,
} from './adoption.input';
import { adoptionService, approvalStatus, wardStatus } from './adoption.service';

export const WardFileConnection = Connection(WardFile);
export const FamilyCouncilMemberConnection = Connection(FamilyCouncilMember);
export const FamilyCouncilMeetingConnection = Connection(FamilyCouncilMeeting);
export const FamilyCouncilDecisionConnection = Connection(FamilyCouncilDecision);
export const AdopterApprovalConnection = Connection(AdopterApproval);
export const AdoptionFollowUpConnection = Connection(AdoptionFollowUp);

const TEAM_ONLY = 'Null, with a FORBIDDEN error, for anyone but the département’s adoption team (scope adoption:team).';
const INPUT = { description: 'What to record; see the input type.' };

async function loaded<T>(promise: Promise<T | null>, ctx: CasesContext, typeName: string, id: string): Promise<T> {
  const row = await promise;
  if (!row) throw ctx.rows.absent(typeName, id);
  return row;
}

@Resolver(() => WardFile)
export class WardFileResolver {
  @Access('ADOPTION')
  @Query(() => WardFile, { nullable: true, description: `A ward’s file by id; NOT_FOUND when there is none. ${TEAM_ONLY}` })
  wardFile(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<WardFile> {
    return adoptionService.getWard(ctx, id);
  }

  @Access('ADOPTION')
  @Query(() => WardFileConnection, { nullable: true, description: `The wards of the State, latest admission first; optionally of one status, or whose next family council review is due by a day. ${TEAM_ONLY}` })
  wardFiles(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('status', () => WardStatus, { nullable: true, description: 'Only the files of this status today.' }) status?: WardStatus | null,
    @Arg('reviewDueBy', () => GraphQLLocalDate, { nullable: true, description: 'Only the wards whose next family council review is due by this day (overdue ones included).' }) reviewDueBy?: string | null,
  ): Promise<Page<WardFile>> {
    return adoptionService.listWards(ctx, page, status, reviewDueBy);
  }

  @Access('ADOPTION')
  @Mutation(() => WardFile, { description: 'Admits a child as a ward of the State on a ground of CASF L224-4 (provisionally for 2 or 6 months, or on a judgment).' })
  admitWard(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: AdmitWardInput): Promise<WardFile> {
    return adoptionService.admit(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => WardFile, { description: 'Ends a wardship: the child taken back during the provisional period (CASF L224-6), a recourse upheld (L224-8), majority.' })
  endWardship(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: EndWardshipInput): Promise<WardFile> {
    return adoptionService.end(ctx, input);
  }

  @FieldResolver(() => Child, { description: 'The child.' })
  async child(@Root() ward: WardFile, @Ctx() ctx: CasesContext): Promise<Child> {
    return loaded(ctx.loaders.wardChildById.load(ward.childId), ctx, 'Child', ward.childId);
  }

  @FieldResolver(() => WardStatus, { description: 'Where the admission stands today.' })
  status(@Root() ward: WardFile): WardStatus {
    return wardStatus(ward);
  }

  @FieldResolver(() => GraphQLLocalDate, { description: 'First day as a ward of the State proper: the end of the provisional period (2 months, 6 for ground 3°), the admission day on a judgment.' })
  definitiveOn(@Root() ward: WardFile): string {
    return wardDefinitiveOn(ward.ground, ward.admittedOn);
  }

  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'Last day of the recourse against the admission order (30 days, CASF L224-8); null until the order is made.' })
  recourseUntil(@Root() ward: WardFile): string | null {
    return wardRecourseUntil(ward.admissionOrderOn);
  }

  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'The family council’s next review of the situation: within 2 months of admission, then yearly after the last (CASF L224-4); null once the wardship ended.' })
  nextReviewDueOn(@Root() ward: WardFile): string | null {
    return ward.endedOn ? null : wardReviewDueOn(ward.admittedOn, ward.lastReviewOn);
  }

  @FieldResolver(() => FamilyCouncilDecisionConnection, { description: 'The family council’s decisions about the ward, latest first.' })
  decisions(@Root() ward: WardFile, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<FamilyCouncilDecision>> {
    return ctx.loaders.decisionsByWard.load({ parentId: ward.id, args: page });
  }

  @FieldResolver(() => [AdoptionPlacement], { description: 'Its placements with a view to adoption, latest first (one at a time; rarely more than one).' })
  adoptionPlacements(@Root() ward: WardFile, @Ctx() ctx: CasesContext): Promise<AdoptionPlacement[]> {
    return ctx.loaders.adoptionPlacementsByWard.load(ward.id);
  }
}

@Resolver(() => Child)
export class ChildWardFileResolver {
  @Access('ADOPTION')
  @FieldResolver(() => WardFile, { nullable: true, description: `The child’s file as a ward of the State: the open one, else the latest; null when it never was one. ${TEAM_ONLY}` })
  wardFile(@Root() child: Child, @Ctx() ctx: CasesContext): Promise<WardFile | null> {
    return adoptionService.wardOfChild(ctx, child.id);
  }
}

@Resolver(() => FamilyCouncilMember)
export class FamilyCouncilMemberResolver {
  @Access('ADOPTION')
  @Query(() => FamilyCouncilMemberConnection, { nullable: true, description: `The family council’s members, latest appointed first; optionally those in office on a day. ${TEAM_ONLY}` })
  familyCouncilMembers(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('inOfficeOn', () => GraphQLLocalDate, { nullable: true, description: 'Only the members in office that day.' }) inOfficeOn?: string | null,
  ): Promise<Page<FamilyCouncilMember>> {
    return adoptionService.listMembers(ctx, page, inOfficeOn);
  }

  @Access('ADOPTION')
  @Mutation(() => FamilyCouncilMember, { description: 'Appoints a member of the family council of the wards of the State for 6 years (CASF L224-2).' })
  appointFamilyCouncilMember(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: AppointFamilyCouncilMemberInput): Promise<FamilyCouncilMember> {
    return adoptionService.appointMember(ctx, input);
  }
}

@Resolver(() => FamilyCouncilMeeting)
export class FamilyCouncilMeetingResolver {
  @Access('ADOPTION')
  @Query(() => FamilyCouncilMeeting, { nullable: true, description: `A meeting of the family council by id; NOT_FOUND when there is none. ${TEAM_ONLY}` })
  familyCouncilMeeting(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<FamilyCouncilMeeting> {
    return adoptionService.getMeeting(ctx, id);
  }

  @Access('ADOPTION')
  @Query(() => FamilyCouncilMeetingConnection, { nullable: true, description: `The family council’s meetings, latest first. ${TEAM_ONLY}` })
  familyCouncilMeetings(@Ctx() ctx: CasesContext, @Args() page: PageArgs): Promise<Page<FamilyCouncilMeeting>> {
    return adoptionService.listMeetings(ctx, page);
  }

  @Access('ADOPTION')
  @Mutation(() => FamilyCouncilMeeting, { description: 'Records a meeting of the family council and its decisions about wards (reviews, life projects, matches, consents), all or nothing.' })
  recordFamilyCouncilMeeting(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: RecordFamilyCouncilMeetingInput): Promise<FamilyCouncilMeeting> {
    return adoptionService.recordMeeting(ctx, input);
  }

  @FieldResolver(() => [FamilyCouncilMember], { description: 'The members present.' })
  async presentMembers(@Root() meeting: FamilyCouncilMeeting, @Ctx() ctx: CasesContext): Promise<FamilyCouncilMember[]> {
    const members = await ctx.loaders.familyCouncilMemberById.loadMany(meeting.presentMemberIds);
    return members.filter((m): m is FamilyCouncilMember => m !== null && !(m instanceof Error));
  }

  @FieldResolver(() => [FamilyCouncilDecision], { description: 'Its decisions (at most 50 a meeting).' })
  decisions(@Root() meeting: FamilyCouncilMeeting, @Ctx() ctx: CasesContext): Promise<FamilyCouncilDecision[]> {
    return ctx.loaders.decisionsByMeeting.load(meeting.id);
  }
}

@Resolver(() => FamilyCouncilDecision)
export class FamilyCouncilDecisionResolver {
  @FieldResolver(() => FamilyCouncilMeeting, { description: 'The meeting that took it.' })
  meeting(@Root() decision: FamilyCouncilDecision, @Ctx() ctx: CasesContext): Promise<FamilyCouncilMeeting> {
    return loaded(ctx.loaders.familyCouncilMeetingById.load(decision.meetingId), ctx, 'FamilyCouncilMeeting', decision.meetingId);
  }

  @FieldResolver(() => WardFile, { description: 'The ward it is about.' })
  wardFile(@Root() decision: FamilyCouncilDecision, @Ctx() ctx: CasesContext): Promise<WardFile> {
    return loaded(ctx.loaders.wardFileById.load(decision.wardFileId), ctx, 'WardFile', decision.wardFileId);
  }

  @FieldResolver(() => AdopterApproval, { nullable: true, description: 'A MATCHING decision: the approval of the adopters agreed to; null otherwise.' })
  async approval(@Root() decision: FamilyCouncilDecision, @Ctx() ctx: CasesContext): Promise<AdopterApproval | null> {
    return decision.approvalId ? ctx.loaders.approvalById.load(decision.approvalId) : null;
  }
}

@Resolver(() => AdopterApproval)
export class AdopterApprovalResolver {
  @Access('ADOPTION')
  @Query(() => AdopterApproval, { nullable: true, description: `A request for approval to adopt by id; NOT_FOUND when there is none. ${TEAM_ONLY}` })
  adopterApproval(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<AdopterApproval> {
    return adoptionService.getApproval(ctx, id);
  }

  @Access('ADOPTION')
  @Query(() => AdopterApprovalConnection, { nullable: true, description: `Requests for approval to adopt, latest first; optionally of one status today. ${TEAM_ONLY}` })
  adopterApprovals(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('status', () => ApprovalStatus, { nullable: true, description: 'Only the requests of this status today.' }) status?: ApprovalStatus | null,
  ): Promise<Page<AdopterApproval>> {
    return adoptionService.listApprovals(ctx, page, status);
  }

  @Access('ADOPTION')
  @Mutation(() => AdopterApproval, { description: 'Records a request for approval to adopt (agrément); the decision is due within 9 months (CASF L225-2).' })
  requestAdopterApproval(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: RequestAdopterApprovalInput): Promise<AdopterApproval> {
    return adoptionService.requestApproval(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => AdopterApproval, { description: 'Records the social or the psychological assessment of applicants for approval (CASF R225-4).' })
  recordApprovalAssessment(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: RecordApprovalAssessmentInput): Promise<AdopterApproval> {
    return adoptionService.recordAssessment(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => AdopterApproval, { description: 'Decides on a request for approval after both assessments and the commission’s opinion: approved for 5 years, or refused with reasons.' })
  decideAdopterApproval(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: DecideAdopterApprovalInput): Promise<AdopterApproval> {
    return adoptionService.decideApproval(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => AdopterApproval, { description: 'Records the approved applicants’ yearly confirmation that their project stands (CASF R225-7).' })
  confirmAdopterApproval(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: ConfirmAdopterApprovalInput): Promise<AdopterApproval> {
    return adoptionService.confirmApproval(ctx, input);
  }

  @FieldResolver(() => ApprovalStatus, { description: 'Where the request stands today.' })
  status(@Root() approval: AdopterApproval): ApprovalStatus {
    return approvalStatus(approval);
  }

  @FieldResolver(() => GraphQLLocalDate, { description: 'The decision is due by this day: 9 months after the request (CASF L225-2).' })
  decisionDueOn(@Root() approval: AdopterApproval): string {
    return approvalDecisionDueOn(approval.requestedOn);
  }

  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'Last day of validity of an approval (5 years); null unless approved.' })
  validUntil(@Root() approval: AdopterApproval): string | null {
    return approvalValidUntil(approval);
  }

  @FieldResolver(() => GraphQLLocalDate, { nullable: true, description: 'The next yearly confirmation that the project stands is due by this day; null unless approved.' })
  confirmationDueOn(@Root() approval: AdopterApproval): string | null {
    return approvalConfirmationDueOn(approval);
  }

  @FieldResolver(() => [AdoptionPlacement], { description: 'The wards placed with these applicants, latest first.' })
  adoptionPlacements(@Root() approval: AdopterApproval, @Ctx() ctx: CasesContext): Promise<AdoptionPlacement[]> {
    return ctx.loaders.adoptionPlacementsByApproval.load(approval.id);
  }
}

@Resolver(() => AdoptionPlacement)
export class AdoptionPlacementResolver {
  @Access('ADOPTION')
  @Query(() => AdoptionPlacement, { nullable: true, description: `A placement with a view to adoption by id; NOT_FOUND when there is none. ${TEAM_ONLY}` })
  adoptionPlacement(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<AdoptionPlacement> {
    return adoptionService.getPlacement(ctx, id);
  }

  @Access('ADOPTION')
  @Mutation(() => AdoptionPlacement, { description: 'Places a ward (past the provisional period) with adopters whose approval is in force and whom the family council agreed to (CASF L225-1, CC 351).' })
  placeForAdoption(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: PlaceForAdoptionInput): Promise<AdoptionPlacement> {
    return adoptionService.place(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => AdoptionPlacement, { description: 'Records a follow-up visit of a placement with a view to adoption.' })
  recordAdoptionFollowUp(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: RecordAdoptionFollowUpInput): Promise<AdoptionPlacement> {
    return adoptionService.recordFollowUp(ctx, input);
  }

  @Access('ADOPTION')
  @Mutation(() => AdoptionPlacement, { description: 'Records the adoption judgment (with the family council’s consent, CC 349; ending the wardship) or the end of the placement (the child stays a ward).' })
  recordAdoptionJudgment(@Ctx() ctx: CasesContext, @Arg('input', INPUT) input: RecordAdoptionJudgmentInput): Promise<AdoptionPlacement> {
    return adoptionService.recordJudgment(ctx, input);
  }

  @FieldResolver(() => WardFile, { description: 'The ward placed.' })
  wardFile(@Root() placement: AdoptionPlacement, @Ctx() ctx: CasesContext): Promise<WardFile> {
    return loaded(ctx.loaders.wardFileById.load(placement.wardFileId), ctx, 'WardFile', placement.wardFileId);
  }

  @FieldResolver(() => AdopterApproval, { description: 'The adopters’ approval.' })
  approval(@Root() placement: AdoptionPlacement, @Ctx() ctx: CasesContext): Promise<AdopterApproval> {
    return loaded(ctx.loaders.approvalById.load(placement.approvalId), ctx, 'AdopterApproval', placement.approvalId);
  }

  @FieldResolver(() => FamilyCouncilDecision, { description: 'The family council’s agreement to the match.' })
  matchingDecision(@Root() placement: AdoptionPlacement, @Ctx() ctx: CasesContext): Promise<FamilyCouncilDecision> {
    return loaded(ctx.loaders.decisionById.load(placement.matchingDecisionId), ctx, 'FamilyCouncilDecision', placement.matchingDecisionId);
  }

  @FieldResolver(() => GraphQLLocalDate, { description: 'The earliest day a plenary adoption can be pronounced: 6 months after the placement (CC 345).' })
  earliestJudgmentOn(@Root() placement: AdoptionPlacement): string {
    return earliestAdoptionJudgmentOn(placement.placedOn);
  }

  @FieldResolver(() => AdoptionFollowUpConnection, { description: 'Its follow-ups, latest first.' })
  followUps(@Root() placement: AdoptionPlacement, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<AdoptionFollowUp>> {
    return ctx.loaders.followUpsByPlacement.load({ parentId: placement.id, args: page });
  }
}
