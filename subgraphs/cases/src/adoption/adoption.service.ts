import { ADOPTION_RULE, adoptionJudgmentViolations, adoptionPlacementViolations, ageOn, approvalDecisionViolations, type ApprovalFacts, approvalInForceOn, badInput, canRead, conflict, factDateViolation, FAMILY_COUNCIL_MANDATE_MONTHS, LEGAL_RULE, loadForUpdate, notArchived, notFound, type Page, type PageArgs, paginate, quorumViolation, refuseAdoption, requiredScopes, requireScopesFor, requireUuid, wardAdmissionViolations, wardProvisionalOn } from '@passerelle/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { addDays, addMonths, todayInFrance } from '../dates';
import {
  AdopterApproval,
  AdoptionFollowUp,
  AdoptionPlacement,
  FamilyCouncilDecision,
  FamilyCouncilMeeting,
  FamilyCouncilMember,
  WardFile,
} from './adoption.entity';
import { AdoptionOutcome, ApprovalAssessmentKind, ApprovalDecision, ApprovalStatus, FamilyCouncilDecisionKind, WardEndReason, WardStatus } from './adoption.enums';
import type {
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

/**
 * Wards of the State and adoption (issue 15). The category ADOPTION is the département's adoption
 * team's alone: members of the département holding the scope `adoption:team`, for the whole
 * département whatever their role or team. The gateway refuses everyone else before any
 * subgraph is called; this subgraph refuses them again at every entry point (`requireAdoptionTeam`),
 * before any statement. Within the team every record is in scope, so a missing one is NOT_FOUND.
 * Every refusal of the law (common/law/adoption.ts) is decided before anything is written.
 */
export function requireAdoptionTeam(ctx: CasesContext): void {
  requireScopesFor(ctx.principal, 'ADOPTION');
}

/** Whether the principal is of the adoption team (reads ADOPTION), without refusing. */
export function readsAdoption(ctx: CasesContext): boolean {
  const { audience, scopes } = ctx.principal;
  return audience === 'system' || (canRead(audience, 'ADOPTION') && requiredScopes('ADOPTION').every((s) => scopes.includes(s)));
}

const future = (day: string | null | undefined, argument: string, what: string) => factDateViolation(day, todayInFrance(), argument, what);

export function wardStatus(ward: WardFile, today = todayInFrance()): WardStatus {
  if (ward.endedOn !== null) return WardStatus.ENDED;
  return wardProvisionalOn(ward.ground, ward.admittedOn, today) ? WardStatus.PROVISIONAL : WardStatus.WARD;
}

export function approvalFacts(a: AdopterApproval): ApprovalFacts {
  return {
    requestedOn: a.requestedOn,
    socialAssessmentOn: a.socialAssessmentOn,
    psychologicalAssessmentOn: a.psychologicalAssessmentOn,
    decision: a.decision,
    decidedOn: a.decidedOn,
    lastConfirmedOn: a.lastConfirmedOn,
    withdrawnOn: null,
  };
}

export function approvalStatus(a: AdopterApproval, today = todayInFrance()): ApprovalStatus {
  if (a.decision === null) return ApprovalStatus.REQUESTED;
  if (a.decision === ApprovalDecision.REFUSED) return ApprovalStatus.REFUSED;
  return approvalInForceOn(approvalFacts(a), today) ? ApprovalStatus.APPROVED : ApprovalStatus.EXPIRED;
}

async function found<T>(promise: Promise<T | null>, typeName: string, id: string): Promise<T> {
  const row = await promise;
  if (!row) throw notFound(typeName, id);
  return row;
}

/** The members in office on a day (appointed on or before it, mandate not over). */
async function membersInOffice(manager: EntityManager, day: string): Promise<FamilyCouncilMember[]> {
  return manager
    .getRepository(FamilyCouncilMember)
    .createQueryBuilder('m')
    .where('m.appointed_on <= :day AND m.mandate_until >= :day', { day })
    .getMany();
}

export const adoptionService = {
  // --- ward files -------------------------------------------------------------------------
  getWard(ctx: CasesContext, id: string): Promise<WardFile> {
    requireAdoptionTeam(ctx);
    return found(ctx.loaders.wardFileById.load(requireUuid(id, 'id')), 'WardFile', id);
  },

  listWards(ctx: CasesContext, page: PageArgs, status: WardStatus | null | undefined, reviewDueBy?: string | null): Promise<Page<WardFile>> {
    requireAdoptionTeam(ctx);
    const today = todayInFrance();
    const qb = ctx.db.dataSource.getRepository(WardFile).createQueryBuilder('w');
    // Provisional: not ended and before its definitive day (2 months, 6 for ground 3°; none for 5°, 6°).
    const definitive = `(CASE w.ground WHEN 'SURRENDERED_BY_ONE_PARENT' THEN w.admitted_on + interval '6 months'
      WHEN 'PARENTAL_AUTHORITY_WITHDRAWN' THEN w.admitted_on::timestamp WHEN 'JUDICIAL_DECLARATION_OF_ABANDONMENT' THEN w.admitted_on::timestamp
      ELSE w.admitted_on + interval '2 months' END)::date`;
    qb.andWhere(notArchived('cases', 'child_id').sql);
    if (status === WardStatus.ENDED) qb.andWhere('w.ended_on IS NOT NULL');
    if (status === WardStatus.PROVISIONAL) qb.andWhere(`w.ended_on IS NULL AND ${definitive} > :today`, { today });
    if (status === WardStatus.WARD) qb.andWhere(`w.ended_on IS NULL AND ${definitive} <= :today`, { today });
    // The council's next review (wardReviewDueOn, in SQL): a year after the last, else 2 months after admission.
    if (reviewDueBy) {
      qb.andWhere(`w.ended_on IS NULL AND COALESCE(w.last_review_on + interval '12 months', w.admitted_on + interval '2 months')::date <= :reviewDueBy`, { reviewDueBy });
    }
    return paginate(qb, page, { property: 'admittedOn', direction: 'DESC' });
  },

  async wardOfChild(ctx: CasesContext, childId: string): Promise<WardFile | null> {
    requireAdoptionTeam(ctx);
    const files = await ctx.loaders.wardFilesByChild.load(childId);
    return files.find((f) => f.endedOn === null) ?? files[0] ?? null;
  },

  admit(ctx: CasesContext, input: AdmitWardInput): Promise<WardFile> {
    requireAdoptionTeam(ctx);
    const childId = requireUuid(input.childId, 'input.childId');
    refuseAdoption(wardAdmissionViolations({
      ground: input.ground,
      admittedOn: input.admittedOn,
      judgmentOn: input.judgmentOn ?? null,
      admissionOrderOn: input.admissionOrderOn ?? null,
      today: todayInFrance(),
    }));
    return ctx.db.dataSource.transaction(async (manager) => {
      // A member of the département may know that a child of the département exists: NOT_FOUND is no leak.
      const child = await manager.getRepository(Child).findOneBy({ id: childId });
      if (!child) throw notFound('Child', input.childId);
      if (ageOn(child.birthDate, input.admittedOn) >= 18 || input.admittedOn < child.birthDate) {
        refuseAdoption([{ rule: LEGAL_RULE.MEASURE_AGE, message: `a ward of the State is a minor (CASF L224-4); the child was born on ${child.birthDate}`, argument: 'input.admittedOn' }]);
      }
      const open = await manager.getRepository(WardFile).createQueryBuilder('w').setLock('pessimistic_write')
        .where('w.child_id = :childId AND w.ended_on IS NULL', { childId }).getOne();
      if (open) throw conflict(`the child is a ward already (file ${open.id}, admitted on ${open.admittedOn})`);
      const wards = manager.getRepository(WardFile);
      return wards.save(wards.create({
        childId,
        ground: input.ground,
        admittedOn: input.admittedOn,
        judgmentOn: input.judgmentOn ?? null,
        admissionOrderOn: input.admissionOrderOn ?? null,
        lifeProject: null,
        lifeProjectOn: null,
        lastReviewOn: null,
        endedOn: null,
        endReason: null,
        endNote: null,
      }));
    });
  },

  end(ctx: CasesContext, input: EndWardshipInput): Promise<WardFile> {
    requireAdoptionTeam(ctx);
    const id = requireUuid(input.id, 'input.id');
    refuseAdoption([future(input.on, 'input.on', 'the end of a wardship')]);
    if (input.reason === WardEndReason.ADOPTED) throw badInput('an adoption ends the wardship with its judgment (recordAdoptionJudgment)', 'input.reason');
    return ctx.db.dataSource.transaction(async (manager) => {
      const ward = await loadForUpdate(manager, WardFile, 'WardFile', id, input.version);
      if (ward.endedOn) throw conflict(`the wardship already ended on ${ward.endedOn}`);
      if (input.on < ward.admittedOn) throw badInput(`the child was admitted on ${ward.admittedOn}`, 'input.on');
      if (input.reason === WardEndReason.RETURNED_TO_PARENT && !wardProvisionalOn(ward.ground, ward.admittedOn, input.on)) {
        refuseAdoption([{
          rule: ADOPTION_RULE.WARD_PROVISIONAL,
          message: 'a parent takes the child back without formality during the provisional period only (CASF L224-6); afterwards, the family council decides (record OTHER with its decision)',
          argument: 'input.reason',
        }]);
      }
      const running = await manager.getRepository(AdoptionPlacement).existsBy({ wardFileId: ward.id, outcome: IsNull() });
      if (running) throw conflict('a placement with a view to adoption is running: record its end first (recordAdoptionJudgment)');
      ward.endedOn = input.on;
      ward.endReason = input.reason;
      ward.endNote = input.note?.trim() || null;
      return manager.save(ward);
    });
  },

  // --- the family council -----------------------------------------------------------------
  listMembers(ctx: CasesContext, page: PageArgs, inOfficeOn: string | null | undefined): Promise<Page<FamilyCouncilMember>> {
    requireAdoptionTeam(ctx);
    const qb = ctx.db.dataSource.getRepository(FamilyCouncilMember).createQueryBuilder('w');
    if (inOfficeOn) qb.andWhere('w.appointed_on <= :day AND w.mandate_until >= :day', { day: inOfficeOn });
    return paginate(qb, page, { property: 'appointedOn', direction: 'DESC' });
  },

  async appointMember(ctx: CasesContext, input: AppointFamilyCouncilMemberInput): Promise<FamilyCouncilMember> {
    requireAdoptionTeam(ctx);
    if (!input.fullName.trim()) throw badInput('say who is appointed', 'input.fullName');
    const members = ctx.db.dataSource.getRepository(FamilyCouncilMember);
    return members.save(members.create({
      fullName: input.fullName.trim(),
      capacity: input.capacity,
      appointedOn: input.appointedOn,
      mandateUntil: addDays(addMonths(input.appointedOn, FAMILY_COUNCIL_MANDATE_MONTHS), -1),
    }));
  },

  getMeeting(ctx: CasesContext, id: string): Promise<FamilyCouncilMeeting> {
    requireAdoptionTeam(ctx);
    return found(ctx.loaders.familyCouncilMeetingById.load(requireUuid(id, 'id')), 'FamilyCouncilMeeting', id);
  },

  listMeetings(ctx: CasesContext, page: PageArgs): Promise<Page<FamilyCouncilMeeting>> {
    requireAdoptionTeam(ctx);
    return paginate(ctx.db.dataSource.getRepository(FamilyCouncilMeeting).createQueryBuilder('w'), page, { property: 'heldOn', direction: 'DESC' });
  },

  /**
   * A meeting and its decisions, all or nothing: the members present sat that day and are a
   * majority of those in office; each decision is about a ward of that day; a MATCHING names an
   * approval in force; a SITUATION_REVIEW moves the ward's last review (its next is due a year
   * later), a LIFE_PROJECT replaces the ward's life project.
   */
  recordMeeting(ctx: CasesContext, input: RecordFamilyCouncilMeetingInput): Promise<FamilyCouncilMeeting> {
    requireAdoptionTeam(ctx);
    refuseAdoption([future(input.heldOn, 'input.heldOn', 'a meeting')]);
    const present = [...new Set(input.presentMemberIds.map((m, i) => requireUuid(m, `input.presentMemberIds.${i}`)))];
    const decisions = input.decisions.map((d, i) => {
      const at = `input.decisions.${i}`;
      if (!d.text.trim()) throw badInput('say what was decided', `${at}.text`);
      const approvalId = d.approvalId ? requireUuid(d.approvalId, `${at}.approvalId`) : null;
      if ((d.kind === FamilyCouncilDecisionKind.MATCHING) !== (approvalId !== null)) {
        throw badInput('a MATCHING decision, and it alone, names the adopters’ approval (approvalId)', `${at}.approvalId`);
      }
      return { ...d, wardFileId: requireUuid(d.wardFileId, `${at}.wardFileId`), approvalId, at };
    });
    return ctx.db.dataSource.transaction(async (manager) => {
      const inOffice = await membersInOffice(manager, input.heldOn);
      const office = new Set(inOffice.map((m) => m.id));
      const stranger = present.findIndex((m) => !office.has(m));
      if (stranger >= 0) throw badInput('that member did not sit on the council that day (unknown, or outside their mandate)', `input.presentMemberIds.${stranger}`);
      refuseAdoption([quorumViolation(present.length, inOffice.length, 'input.presentMemberIds')]);
      const wards = new Map((await manager.getRepository(WardFile).find({ where: { id: In(decisions.map((d) => d.wardFileId)) }, lock: { mode: 'pessimistic_write' } })).map((w) => [w.id, w]));
      const approvalIds = decisions.flatMap((d) => (d.approvalId ? [d.approvalId] : []));
      const approvals = new Map((approvalIds.length ? await manager.getRepository(AdopterApproval).findBy({ id: In(approvalIds) }) : []).map((a) => [a.id, a]));
      for (const d of decisions) {
        const ward = wards.get(d.wardFileId);
        if (!ward) throw notFound('WardFile', d.wardFileId);
        if (input.heldOn < ward.admittedOn || (ward.endedOn !== null && ward.endedOn < input.heldOn)) {
          throw badInput(`the child was not a ward on ${input.heldOn} (admitted ${ward.admittedOn}${ward.endedOn ? `, until ${ward.endedOn}` : ''})`, `${d.at}.wardFileId`);
        }
        if (d.approvalId) {
          const approval = approvals.get(d.approvalId);
          if (!approval) throw notFound('AdopterApproval', d.approvalId);
          if (!approvalInForceOn(approvalFacts(approval), input.heldOn)) {
            refuseAdoption([{ rule: ADOPTION_RULE.APPROVAL_IN_FORCE, message: `these applicants hold no approval in force on ${input.heldOn} (CASF L225-2)`, argument: `${d.at}.approvalId` }]);
          }
          if (wardProvisionalOn(ward.ground, ward.admittedOn, input.heldOn)) {
            refuseAdoption([{ rule: ADOPTION_RULE.WARD_PROVISIONAL, message: 'a provisional ward is matched with no adopters (CASF L224-6): the parents may still take the child back', argument: `${d.at}.wardFileId` }]);
          }
        }
      }
      const meetings = manager.getRepository(FamilyCouncilMeeting);
      const meeting = await meetings.save(meetings.create({ heldOn: input.heldOn, presentMemberIds: present }));
      await manager.getRepository(FamilyCouncilDecision).insert(decisions.map((d) => ({
        meetingId: meeting.id,
        wardFileId: d.wardFileId,
        childId: wards.get(d.wardFileId)!.childId,
        kind: d.kind,
        text: d.text.trim(),
        approvalId: d.approvalId,
        decidedOn: input.heldOn,
      })));
      for (const ward of wards.values()) {
        const mine = decisions.filter((d) => d.wardFileId === ward.id);
        if (mine.some((d) => d.kind === FamilyCouncilDecisionKind.SITUATION_REVIEW) && (ward.lastReviewOn === null || ward.lastReviewOn < input.heldOn)) ward.lastReviewOn = input.heldOn;
        const project = mine.filter((d) => d.kind === FamilyCouncilDecisionKind.LIFE_PROJECT).at(-1);
        if (project && (ward.lifeProjectOn === null || ward.lifeProjectOn <= input.heldOn)) {
          ward.lifeProject = project.text.trim();
          ward.lifeProjectOn = input.heldOn;
        }
        await manager.save(ward);
      }
      return meeting;
    });
  },

  // --- approvals (agrément) -----------------------------------------------------------------
  getApproval(ctx: CasesContext, id: string): Promise<AdopterApproval> {
    requireAdoptionTeam(ctx);
    return found(ctx.loaders.approvalById.load(requireUuid(id, 'id')), 'AdopterApproval', id);
  },

  listApprovals(ctx: CasesContext, page: PageArgs, status: ApprovalStatus | null | undefined): Promise<Page<AdopterApproval>> {
    requireAdoptionTeam(ctx);
    const today = todayInFrance();
    const qb = ctx.db.dataSource.getRepository(AdopterApproval).createQueryBuilder('w');
    const until = `(w.decided_on + interval '60 months' - interval '1 day')::date`;
    if (status === ApprovalStatus.REQUESTED) qb.andWhere('w.decision IS NULL');
    if (status === ApprovalStatus.REFUSED) qb.andWhere(`w.decision = 'REFUSED'`);
    if (status === ApprovalStatus.APPROVED) qb.andWhere(`w.decision = 'APPROVED' AND ${until} >= :today`, { today });
    if (status === ApprovalStatus.EXPIRED) qb.andWhere(`w.decision = 'APPROVED' AND ${until} < :today`, { today });
    return paginate(qb, page, { property: 'requestedOn', direction: 'DESC' });
  },

  async requestApproval(ctx: CasesContext, input: RequestAdopterApprovalInput): Promise<AdopterApproval> {
    requireAdoptionTeam(ctx);
    if (!input.applicantNames.trim()) throw badInput('name the applicants', 'input.applicantNames');
    if (!input.project.trim()) throw badInput('say what the project is', 'input.project');
    refuseAdoption([future(input.requestedOn, 'input.requestedOn', 'a request')]);
    const approvals = ctx.db.dataSource.getRepository(AdopterApproval);
    return approvals.save(approvals.create({
      applicantNames: input.applicantNames.trim(),
      communeCode: input.communeCode ?? null,
      project: input.project.trim(),
      requestedOn: input.requestedOn,
      socialAssessmentOn: null,
      socialAssessment: null,
      psychologicalAssessmentOn: null,
      psychologicalAssessment: null,
      commissionOn: null,
      decision: null,
      decidedOn: null,
      reasons: null,
      lastConfirmedOn: null,
    }));
  },

  recordAssessment(ctx: CasesContext, input: RecordApprovalAssessmentInput): Promise<AdopterApproval> {
    requireAdoptionTeam(ctx);
    const id = requireUuid(input.id, 'input.id');
    refuseAdoption([future(input.on, 'input.on', 'an assessment')]);
    if (!input.conclusions.trim()) throw badInput('give the assessment’s conclusions', 'input.conclusions');
    return ctx.db.dataSource.transaction(async (manager) => {
      const approval = await loadForUpdate(manager, AdopterApproval, 'AdopterApproval', id, input.version);
      if (approval.decision) throw conflict(`the request was decided on ${approval.decidedOn}: its assessments are closed`);
      if (input.on < approval.requestedOn) throw badInput(`the request was received on ${approval.requestedOn}`, 'input.on');
      if (input.kind === ApprovalAssessmentKind.SOCIAL) {
        approval.socialAssessmentOn = input.on;
        approval.socialAssessment = input.conclusions.trim();
      } else {
        approval.psychologicalAssessmentOn = input.on;
        approval.psychologicalAssessment = input.conclusions.trim();
      }
      return manager.save(approval);
    });
  },

  decideApproval(ctx: CasesContext, input: DecideAdopterApprovalInput): Promise<AdopterApproval> {
    requireAdoptionTeam(ctx);
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const approval = await loadForUpdate(manager, AdopterApproval, 'AdopterApproval', id, input.version);
      if (approval.decision) throw conflict(`the request was decided already, on ${approval.decidedOn}`);
      const reasons = input.reasons?.trim() || null;
      refuseAdoption(approvalDecisionViolations(approvalFacts(approval), {
        decision: input.decision,
        decidedOn: input.decidedOn,
        commissionOn: input.commissionOn ?? null,
        reasons,
        today: todayInFrance(),
      }));
      approval.commissionOn = input.commissionOn!;
      approval.decision = input.decision;
      approval.decidedOn = input.decidedOn;
      approval.reasons = reasons;
      return manager.save(approval);
    });
  },

  confirmApproval(ctx: CasesContext, input: ConfirmAdopterApprovalInput): Promise<AdopterApproval> {
    requireAdoptionTeam(ctx);
    const id = requireUuid(input.id, 'input.id');
    refuseAdoption([future(input.on, 'input.on', 'a confirmation')]);
    return ctx.db.dataSource.transaction(async (manager) => {
      const approval = await loadForUpdate(manager, AdopterApproval, 'AdopterApproval', id, input.version);
      if (!approvalInForceOn(approvalFacts(approval), input.on)) {
        refuseAdoption([{ rule: ADOPTION_RULE.APPROVAL_IN_FORCE, message: `no approval in force on ${input.on} to confirm`, argument: 'input.id' }]);
      }
      if (approval.lastConfirmedOn && input.on <= approval.lastConfirmedOn) throw badInput(`the project was last confirmed on ${approval.lastConfirmedOn}`, 'input.on');
      approval.lastConfirmedOn = input.on;
      return manager.save(approval);
    });
  },

  // --- placements with a view to adoption ---------------------------------------------------
  getPlacement(ctx: CasesContext, id: string): Promise<AdoptionPlacement> {
    requireAdoptionTeam(ctx);
    return found(ctx.loaders.adoptionPlacementById.load(requireUuid(id, 'id')), 'AdoptionPlacement', id);
  },

  place(ctx: CasesContext, input: PlaceForAdoptionInput): Promise<AdoptionPlacement> {
    requireAdoptionTeam(ctx);
    const wardFileId = requireUuid(input.wardFileId, 'input.wardFileId');
    const approvalId = requireUuid(input.approvalId, 'input.approvalId');
    return ctx.db.dataSource.transaction(async (manager) => {
      const ward = await manager.getRepository(WardFile).findOne({ where: { id: wardFileId }, lock: { mode: 'pessimistic_write' } });
      if (!ward) throw notFound('WardFile', input.wardFileId);
      const approval = await manager.getRepository(AdopterApproval).findOneBy({ id: approvalId });
      if (!approval) throw notFound('AdopterApproval', input.approvalId);
      const matching = await manager.getRepository(FamilyCouncilDecision).findOne({
        where: { wardFileId, approvalId, kind: FamilyCouncilDecisionKind.MATCHING },
        order: { decidedOn: 'DESC' },
      });
      refuseAdoption(adoptionPlacementViolations({
        ward: { ground: ward.ground, admittedOn: ward.admittedOn, endedOn: ward.endedOn },
        approval: approvalFacts(approval),
        matchedOn: matching?.decidedOn ?? null,
        placedOn: input.placedOn,
        today: todayInFrance(),
      }));
      if (await manager.getRepository(AdoptionPlacement).existsBy({ wardFileId, outcome: IsNull() })) {
        throw conflict('the ward is placed with a view to adoption already: record that placement’s end first');
      }
      const placements = manager.getRepository(AdoptionPlacement);
      return placements.save(placements.create({
        wardFileId,
        childId: ward.childId,
        approvalId,
        matchingDecisionId: matching!.id,
        placedOn: input.placedOn,
        judgmentOn: null,
        outcome: null,
        outcomeNote: null,
      }));
    });
  },

  recordFollowUp(ctx: CasesContext, input: RecordAdoptionFollowUpInput): Promise<AdoptionPlacement> {
    requireAdoptionTeam(ctx);
    const placementId = requireUuid(input.placementId, 'input.placementId');
    refuseAdoption([future(input.visitedOn, 'input.visitedOn', 'a visit')]);
    if (!input.note.trim()) throw badInput('say what was seen', 'input.note');
    return ctx.db.dataSource.transaction(async (manager) => {
      const placement = await manager.getRepository(AdoptionPlacement).findOne({ where: { id: placementId }, lock: { mode: 'pessimistic_write' } });
      if (!placement) throw notFound('AdoptionPlacement', input.placementId);
      if (input.visitedOn < placement.placedOn) throw badInput(`the child was placed on ${placement.placedOn}`, 'input.visitedOn');
      if (placement.judgmentOn && input.visitedOn > placement.judgmentOn) throw badInput(`the placement ended on ${placement.judgmentOn}`, 'input.visitedOn');
      await manager.getRepository(AdoptionFollowUp).insert({ placementId, visitedOn: input.visitedOn, note: input.note.trim() });
      return placement;
    });
  },

  /** The adoption judgment (which ends the wardship: ADOPTED) or the end of the placement (the child stays a ward). */
  recordJudgment(ctx: CasesContext, input: RecordAdoptionJudgmentInput): Promise<AdoptionPlacement> {
    requireAdoptionTeam(ctx);
    const id = requireUuid(input.id, 'input.id');
    refuseAdoption([future(input.on, 'input.on', 'a judgment')]);
    return ctx.db.dataSource.transaction(async (manager) => {
      const placement = await loadForUpdate(manager, AdoptionPlacement, 'AdoptionPlacement', id, input.version);
      if (placement.outcome) throw conflict(`the placement ended on ${placement.judgmentOn}`);
      if (input.on < placement.placedOn) throw badInput(`the child was placed on ${placement.placedOn}`, 'input.on');
      const adopted = input.outcome !== AdoptionOutcome.PLACEMENT_ENDED;
      if (adopted) {
        const consent = await manager.getRepository(FamilyCouncilDecision).findOne({
          where: { wardFileId: placement.wardFileId, kind: FamilyCouncilDecisionKind.CONSENT_TO_ADOPTION },
          order: { decidedOn: 'ASC' },
        });
        refuseAdoption(adoptionJudgmentViolations({
          plenary: input.outcome === AdoptionOutcome.PLENARY_ADOPTION,
          placedOn: placement.placedOn,
          judgmentOn: input.on,
          consentedOn: consent?.decidedOn ?? null,
        }));
      }
      placement.judgmentOn = input.on;
      placement.outcome = input.outcome;
      placement.outcomeNote = input.note?.trim() || null;
      const saved = await manager.save(placement);
      if (adopted) {
        const ward = await manager.getRepository(WardFile).findOneByOrFail({ id: placement.wardFileId });
        ward.endedOn = input.on;
        ward.endReason = WardEndReason.ADOPTED;
        ward.endNote = null;
        await manager.save(ward);
      }
      return saved;
    });
  },
};
