import { registerEnumType } from 'type-graphql';

/** The grounds of admission as a ward of the State (CASF L224-4 1° to 6°; common/law/adoption.ts WARD_GROUNDS). */
export enum WardGround {
  UNKNOWN_PARENTAGE = 'UNKNOWN_PARENTAGE',
  SURRENDERED_BY_PARENTS = 'SURRENDERED_BY_PARENTS',
  SURRENDERED_BY_ONE_PARENT = 'SURRENDERED_BY_ONE_PARENT',
  ORPHAN = 'ORPHAN',
  PARENTAL_AUTHORITY_WITHDRAWN = 'PARENTAL_AUTHORITY_WITHDRAWN',
  JUDICIAL_DECLARATION_OF_ABANDONMENT = 'JUDICIAL_DECLARATION_OF_ABANDONMENT',
}
registerEnumType(WardGround, {
  name: 'WardGround',
  description: 'Why a child is admitted as a ward of the State (pupille de l’État), CASF L224-4.',
  valuesConfig: {
    UNKNOWN_PARENTAGE: { description: '1°: parentage not established or unknown; provisional for 2 months.' },
    SURRENDERED_BY_PARENTS: { description: '2°: surrendered for admission by those who may consent to the adoption; provisional for 2 months.' },
    SURRENDERED_BY_ONE_PARENT: { description: '3°: surrendered by one parent, the other not coming forward; provisional for 6 months.' },
    ORPHAN: { description: '4°: orphan with no guardianship organised; provisional for 2 months.' },
    PARENTAL_AUTHORITY_WITHDRAWN: { description: '5°: parental authority withdrawn in full by a judgment (CC 380); admitted on the judgment.' },
    JUDICIAL_DECLARATION_OF_ABANDONMENT: { description: '6°: judicial declaration of parental abandonment (CC 381-2); admitted on the judgment.' },
  },
});

export enum WardStatus {
  PROVISIONAL = 'PROVISIONAL',
  WARD = 'WARD',
  ENDED = 'ENDED',
}
registerEnumType(WardStatus, {
  name: 'WardStatus',
  description: 'Where a ward’s admission stands today.',
  valuesConfig: {
    PROVISIONAL: { description: 'Pupille à titre provisoire: the parents may still take the child back without formality (CASF L224-6).' },
    WARD: { description: 'A ward of the State; adoptable.' },
    ENDED: { description: 'No longer a ward (returned to a parent, recourse upheld, adopted, of age).' },
  },
});

export enum WardEndReason {
  RETURNED_TO_PARENT = 'RETURNED_TO_PARENT',
  RECOURSE_UPHELD = 'RECOURSE_UPHELD',
  ADOPTED = 'ADOPTED',
  MAJORITY = 'MAJORITY',
  OTHER = 'OTHER',
}
registerEnumType(WardEndReason, {
  name: 'WardEndReason',
  description: 'Why a child ceased to be a ward of the State.',
  valuesConfig: {
    RETURNED_TO_PARENT: { description: 'Taken back by a parent during the provisional period (CASF L224-6).' },
    RECOURSE_UPHELD: { description: 'The court upheld a recourse against the admission (CASF L224-8).' },
    ADOPTED: { description: 'An adoption was pronounced (recorded with the adoption judgment).' },
    MAJORITY: { description: 'The ward came of age.' },
    OTHER: { description: 'Another reason, in the note.' },
  },
});

export enum FamilyCouncilCapacity {
  DEPARTMENT_COUNCIL = 'DEPARTMENT_COUNCIL',
  ADOPTIVE_FAMILIES_ASSOCIATION = 'ADOPTIVE_FAMILIES_ASSOCIATION',
  WARDS_ASSOCIATION = 'WARDS_ASSOCIATION',
  FOSTER_CARERS_ASSOCIATION = 'FOSTER_CARERS_ASSOCIATION',
  CHILD_PROTECTION_ASSOCIATION = 'CHILD_PROTECTION_ASSOCIATION',
  QUALIFIED_PERSON = 'QUALIFIED_PERSON',
}
registerEnumType(FamilyCouncilCapacity, {
  name: 'FamilyCouncilCapacity',
  description: 'In which capacity a member sits on the family council of the wards of the State (CASF L224-2).',
  valuesConfig: {
    DEPARTMENT_COUNCIL: { description: 'A representative of the conseil départemental.' },
    ADOPTIVE_FAMILIES_ASSOCIATION: { description: 'A member of an association of adoptive families.' },
    WARDS_ASSOCIATION: { description: 'A member of the association of wards and former wards of the State.' },
    FOSTER_CARERS_ASSOCIATION: { description: 'A member of an association of foster carers (assistants familiaux).' },
    CHILD_PROTECTION_ASSOCIATION: { description: 'A member of an association working for child protection.' },
    QUALIFIED_PERSON: { description: 'A person qualified for their interest in child protection.' },
  },
});

export enum FamilyCouncilDecisionKind {
  SITUATION_REVIEW = 'SITUATION_REVIEW',
  LIFE_PROJECT = 'LIFE_PROJECT',
  MATCHING = 'MATCHING',
  CONSENT_TO_ADOPTION = 'CONSENT_TO_ADOPTION',
  OTHER = 'OTHER',
}
registerEnumType(FamilyCouncilDecisionKind, {
  name: 'FamilyCouncilDecisionKind',
  description: 'What the family council decided about a ward.',
  valuesConfig: {
    SITUATION_REVIEW: { description: 'The review of the ward’s situation: within 2 months of admission, then yearly (CASF L224-4).' },
    LIFE_PROJECT: { description: 'The ward’s life project (projet de vie), its text becomes the ward’s (CASF L225-1).' },
    MATCHING: { description: 'Agreement to the adopters chosen for the ward (approvalId; CASF L225-1).' },
    CONSENT_TO_ADOPTION: { description: 'Consent to the adoption, given by the council (CC 349).' },
    OTHER: { description: 'Another decision of the guardianship.' },
  },
});

export enum ApprovalDecision {
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
}
registerEnumType(ApprovalDecision, {
  name: 'ApprovalDecision',
  description: 'The président du conseil départemental’s decision on a request for approval to adopt.',
  valuesConfig: {
    APPROVED: { description: 'Approved (agrément accordé): valid 5 years, confirmed yearly.' },
    REFUSED: { description: 'Refused, with the reasons (refus motivé).' },
  },
});

export enum ApprovalStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'Where a request for approval stands today.',
  valuesConfig: {
    REQUESTED: { description: 'Being assessed; a decision is due within 9 months of the request (CASF L225-2).' },
    APPROVED: { description: 'Approved and in force (5 years).' },
    REFUSED: { description: 'Refused, with reasons.' },
    EXPIRED: { description: 'Approved once, no longer in force (5 years passed).' },
  },
});

export enum ApprovalAssessmentKind {
  SOCIAL = 'SOCIAL',
  PSYCHOLOGICAL = 'PSYCHOLOGICAL',
}
registerEnumType(ApprovalAssessmentKind, {
  name: 'ApprovalAssessmentKind',
  description: 'The assessments an approval rests on (CASF R225-4).',
  valuesConfig: {
    SOCIAL: { description: 'The social assessment: the applicants’ family, educational and psychological situation as a social worker sees it.' },
    PSYCHOLOGICAL: { description: 'The psychological assessment, by a psychologist.' },
  },
});

export enum AdoptionOutcome {
  PLENARY_ADOPTION = 'PLENARY_ADOPTION',
  SIMPLE_ADOPTION = 'SIMPLE_ADOPTION',
  PLACEMENT_ENDED = 'PLACEMENT_ENDED',
}
registerEnumType(AdoptionOutcome, {
  name: 'AdoptionOutcome',
  description: 'How a placement with a view to adoption ended.',
  valuesConfig: {
    PLENARY_ADOPTION: { description: 'Adoption plénière pronounced (CC 343 and following); the ward file ends (ADOPTED).' },
    SIMPLE_ADOPTION: { description: 'Adoption simple pronounced (CC 360 and following); the ward file ends (ADOPTED).' },
    PLACEMENT_ENDED: { description: 'The placement ended without an adoption; the child stays a ward.' },
  },
});
