import { registerEnumType } from 'type-graphql';

export enum ChildPlanStatus {
  DRAFT = 'DRAFT',
  IN_FORCE = 'IN_FORCE',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(ChildPlanStatus, {
  name: 'ChildPlanStatus',
  description: 'Where a projet pour l’enfant stands: DRAFT → IN_FORCE (signed by the département) → SUPERSEDED by the next one.',
  valuesConfig: {
    DRAFT: { description: 'Being written, not yet signed by the département (brouillon).' },
    IN_FORCE: { description: 'Signed by the département: the child’s current plan (en vigueur).' },
    SUPERSEDED: { description: 'Replaced by a later plan (remplacé).' },
  },
});

export enum PlanDomain {
  HEALTH = 'HEALTH',
  SCHOOLING = 'SCHOOLING',
  FAMILY_TIES = 'FAMILY_TIES',
  DAILY_LIFE = 'DAILY_LIFE',
  LEISURE = 'LEISURE',
  AUTONOMY = 'AUTONOMY',
  SAFETY = 'SAFETY',
  EMOTIONAL_DEVELOPMENT = 'EMOTIONAL_DEVELOPMENT',
}
registerEnumType(PlanDomain, {
  name: 'ChildPlanDomain',
  description: 'Domain of the child’s needs in the PPE (référentiel des besoins fondamentaux).',
  valuesConfig: {
    HEALTH: { description: 'Physical and mental health (santé).' },
    SCHOOLING: { description: 'School and training (scolarité, formation).' },
    FAMILY_TIES: { description: 'Ties with parents, siblings and relatives (liens familiaux).' },
    DAILY_LIFE: { description: 'Daily life and care (vie quotidienne).' },
    LEISURE: { description: 'Leisure, sport, culture (loisirs).' },
    AUTONOMY: { description: 'Growing autonomy, preparing adulthood (autonomie).' },
    SAFETY: { description: 'Safety and protection (sécurité).' },
    EMOTIONAL_DEVELOPMENT: { description: 'Emotional and relational development (développement affectif).' },
  },
});

export enum ObjectiveStatus {
  OPEN = 'OPEN',
  ACHIEVED = 'ACHIEVED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(ObjectiveStatus, {
  name: 'ChildPlanObjectiveStatus',
  description: 'Where an objective of the PPE stands.',
  valuesConfig: {
    OPEN: { description: 'Being worked on (en cours).' },
    ACHIEVED: { description: 'Reached (atteint).' },
    ABANDONED: { description: 'Dropped, with the reason in a review (abandonné).' },
  },
});

export enum SignerRole {
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  GUARDIAN = 'GUARDIAN',
  DEPARTMENT = 'DEPARTMENT',
  CARER = 'CARER',
}
registerEnumType(SignerRole, {
  name: 'ChildPlanSignerRole',
  description: 'Who signed a PPE (signataires, CASF D223-13).',
  valuesConfig: {
    CHILD: { description: 'The child, according to age and maturity.' },
    PARENT: { description: 'A parent holding parental authority.' },
    GUARDIAN: { description: 'Another holder of parental authority (tuteur, délégataire).' },
    DEPARTMENT: { description: 'The president of the département’s representative: the plan comes into force.' },
    CARER: { description: 'The placement setting or the operator carrying out the measure.' },
  },
});
