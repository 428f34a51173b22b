import { registerEnumType } from 'type-graphql';

export enum MeasureKind {
  AED = 'AED',
  AEMO = 'AEMO',
  VOLUNTARY_CARE = 'VOLUNTARY_CARE',
  EMERGENCY_ORDER = 'EMERGENCY_ORDER',
  COURT_PLACEMENT = 'COURT_PLACEMENT',
  TRUSTED_THIRD_PARTY = 'TRUSTED_THIRD_PARTY',
  DELEGATION_OF_PARENTAL_AUTHORITY = 'DELEGATION_OF_PARENTAL_AUTHORITY',
  GUARDIANSHIP = 'GUARDIANSHIP',
  WARD_OF_THE_STATE = 'WARD_OF_THE_STATE',
  YOUNG_ADULT = 'YOUNG_ADULT',
}
registerEnumType(MeasureKind, {
  name: 'MeasureKind',
  description: 'Kind of protection measure (type de mesure).',
  valuesConfig: {
    AED: { description: 'Aide éducative à domicile: administrative home support.' },
    AEMO: { description: 'Assistance éducative en milieu ouvert: judicial home support (CC 375-2).' },
    VOLUNTARY_CARE: { description: 'Accueil provisoire: administrative placement agreed by the parents, ≤ 1 year renewable (CASF L222-5).' },
    EMERGENCY_ORDER: { description: 'Ordonnance de placement provisoire (OPP): emergency placement order (CC 375-5).' },
    COURT_PLACEMENT: { description: 'Placement judiciaire: court-ordered placement, ≤ 2 years renewable (CC 375-3).' },
    TRUSTED_THIRD_PARTY: { description: 'Placement with a tiers digne de confiance (CC 375-3 2°).' },
    DELEGATION_OF_PARENTAL_AUTHORITY: { description: 'Délégation d’autorité parentale.' },
    GUARDIANSHIP: { description: 'Tutelle: a guardian exercises parental authority.' },
    WARD_OF_THE_STATE: { description: 'Pupille de l’État: ward of the State (CASF L224-4).' },
    YOUNG_ADULT: { description: 'Contrat jeune majeur: support of an 18–21 year old (CASF L222-5).' },
  },
});

/**
 * Who decides each kind, its term, ages, whether it allows a placement and what it requires next:
 * the one table of the law per kind, `MEASURE_RULES` in @passerelle/common (law/measures.ts).
 */

export enum MeasureDecider {
  DEPARTMENT = 'DEPARTMENT',
  JUDGE = 'JUDGE',
  PROSECUTOR = 'PROSECUTOR',
}
registerEnumType(MeasureDecider, {
  name: 'MeasureDecider',
  description: 'Who decided a measure; which kinds each may decide is the law table’s (MEASURE_RULES).',
  valuesConfig: {
    DEPARTMENT: { description: 'The président du conseil départemental (ASE): administrative measures.' },
    JUDGE: { description: 'A judge (juge des enfants, aux affaires familiales, des tutelles).' },
    PROSECUTOR: { description: 'The parquet, in an emergency (OPP, CC 375-5): it seizes the children’s judge within 8 days.' },
  },
});

export enum MeasureStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  RENEWED = 'RENEWED',
  ENDED = 'ENDED',
  LIFTED = 'LIFTED',
}
registerEnumType(MeasureStatus, {
  name: 'MeasureStatus',
  description: 'Where a measure stands: PROPOSED → ACTIVE → (RENEWED)* → ENDED | LIFTED.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed, not yet in force (proposée).' },
    ACTIVE: { description: 'In force (en cours).' },
    RENEWED: { description: 'In force after at least one renewal (renouvelée).' },
    ENDED: { description: 'Ended at its term or by agreement (terminée).' },
    LIFTED: { description: 'Lifted by the judge before its term (mainlevée).' },
  },
});
