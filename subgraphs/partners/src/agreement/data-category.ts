import { registerEnumType } from 'type-graphql';

/**
 * The rows of DOMAIN.md's access matrix: what an agreement (convention) can grant. The access
 * policy decides read/write per audience; an agreement says which of these the partner may be
 * given at all, and when.
 */
export enum DataCategory {
  CHILD_IDENTITY = 'CHILD_IDENTITY',
  PROTECTED_STATUS = 'PROTECTED_STATUS',
  PARENTAL_AUTHORITY = 'PARENTAL_AUTHORITY',
  CONCERN_CONTENT = 'CONCERN_CONTENT',
  OWN_CONCERN_STATUS = 'OWN_CONCERN_STATUS',
  CONCERN_SUBMISSION = 'CONCERN_SUBMISSION',
  EVALUATION_REPORTS = 'EVALUATION_REPORTS',
  MEASURES = 'MEASURES',
  CHILD_PLAN_OBJECTIVES = 'CHILD_PLAN_OBJECTIVES',
  SITUATION_REPORTS = 'SITUATION_REPORTS',
  PLACEMENTS = 'PLACEMENTS',
  VISIT_RIGHTS = 'VISIT_RIGHTS',
  RETURN_HOME_PLAN = 'RETURN_HOME_PLAN',
  HEALTH_FOLLOW_UP = 'HEALTH_FOLLOW_UP',
  SCHOOLING = 'SCHOOLING',
  AUDIT_LOG = 'AUDIT_LOG',
  AGGREGATES = 'AGGREGATES',
}

registerEnumType(DataCategory, {
  name: 'DataCategory',
  description: 'A category of data an agreement may open to a partner (a row of the access matrix).',
  valuesConfig: {
    CHILD_IDENTITY: { description: 'Child identity: names, birth date, sex (identité de l’enfant).' },
    PROTECTED_STATUS: { description: 'Protected status and the ASE referent’s contact (statut, référent ASE).' },
    PARENTAL_AUTHORITY: {
      description: 'Holders of parental authority, authorised pick-up persons, persons barred from contact (autorité parentale).',
    },
    CONCERN_CONTENT: { description: 'Content of an information préoccupante and the identity of its source.' },
    OWN_CONCERN_STATUS: { description: 'Status of an information préoccupante the partner itself sent (retour à l’émetteur, L226-5).' },
    CONCERN_SUBMISSION: { description: 'Submitting an information préoccupante to the CRIP.' },
    EVALUATION_REPORTS: { description: 'Evaluation reports of an IP (rapports d’évaluation).' },
    MEASURES: { description: 'Measures and court decisions (mesures, décisions judiciaires).' },
    CHILD_PLAN_OBJECTIVES: { description: 'Objectives of the child’s plan (projet pour l’enfant, PPE).' },
    SITUATION_REPORTS: { description: 'Situation reports (rapports de situation, L223-5).' },
    PLACEMENTS: { description: 'Placements and facility addresses (lieux d’accueil).' },
    VISIT_RIGHTS: { description: 'Visit rights and their schedule (droits de visite et d’hébergement).' },
    RETURN_HOME_PLAN: { description: 'Return-home plan (retour en famille).' },
    HEALTH_FOLLOW_UP: { description: 'Health follow-up (suivi PMI).' },
    SCHOOLING: { description: 'Schooling: enrolment and class (scolarité).' },
    AUDIT_LOG: { description: 'The access audit log (journal des accès).' },
    AGGREGATES: { description: 'Aggregates and pseudonymised records (données agrégées, pseudonymisées).' },
  },
});
