import { registerEnumType } from 'type-graphql';

export enum ConcernStatus {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_EVALUATION = 'IN_EVALUATION',
  CLOSED_NO_ACTION = 'CLOSED_NO_ACTION',
  ADMINISTRATIVE_SUPPORT = 'ADMINISTRATIVE_SUPPORT',
  REFERRED_TO_PROSECUTOR = 'REFERRED_TO_PROSECUTOR',
}
registerEnumType(ConcernStatus, {
  name: 'ConcernStatus',
  description: 'Where an information préoccupante stands in its processing by the CRIP.',
  valuesConfig: {
    RECEIVED: { description: 'Received, not yet acknowledged by the CRIP (reçue).' },
    ACKNOWLEDGED: { description: 'Acknowledged by the CRIP, awaiting evaluation (enregistrée).' },
    IN_EVALUATION: { description: 'Being evaluated in binôme (en cours d’évaluation).' },
    CLOSED_NO_ACTION: { description: 'Closed without further action (classée sans suite).' },
    ADMINISTRATIVE_SUPPORT: { description: 'Leads to administrative support: a measure is proposed (prestation ASE).' },
    REFERRED_TO_PROSECUTOR: { description: 'Referred to the prosecutor (signalement au parquet, CASF L226-4).' },
  },
});

export enum ConcernChannel {
  PHONE = 'PHONE',
  MAIL = 'MAIL',
  FORM = 'FORM',
  TRANSFER_119 = 'TRANSFER_119',
  PROSECUTOR = 'PROSECUTOR',
}
registerEnumType(ConcernChannel, {
  name: 'ConcernChannel',
  description: 'How the concern reached the CRIP (canal de réception).',
  valuesConfig: {
    PHONE: { description: 'By phone (téléphone).' },
    MAIL: { description: 'By letter or email (courrier, courriel).' },
    FORM: { description: 'Through the département’s IP form, on paper or online (fiche de recueil).' },
    TRANSFER_119: { description: 'Transmitted by the 119 national line (transmission du SNATED).' },
    PROSECUTOR: { description: 'Sent by the parquet for evaluation (soit-transmis du parquet).' },
  },
});

export enum ConcernSourceKind {
  SCHOOL = 'SCHOOL',
  PMI = 'PMI',
  HOSPITAL = 'HOSPITAL',
  SNATED = 'SNATED',
  PROSECUTOR = 'PROSECUTOR',
  COURT = 'COURT',
  ASSOCIATION = 'ASSOCIATION',
  POLICE = 'POLICE',
  TOWN_HALL = 'TOWN_HALL',
  PRIVATE_PRACTICE = 'PRIVATE_PRACTICE',
  PERSON = 'PERSON',
  ANONYMOUS = 'ANONYMOUS',
}
registerEnumType(ConcernSourceKind, {
  name: 'ConcernSourceKind',
  description: 'Who sent the concern (origine de l’information préoccupante).',
  valuesConfig: {
    SCHOOL: { description: 'A school (Éducation nationale).' },
    PMI: { description: 'A PMI centre (protection maternelle et infantile).' },
    HOSPITAL: { description: 'A hospital or a clinic (a doctor in private practice: PRIVATE_PRACTICE).' },
    SNATED: { description: 'The 119 national line (SNATED).' },
    PROSECUTOR: { description: 'The prosecutor’s office (parquet).' },
    COURT: { description: 'A children’s court (tribunal pour enfants).' },
    ASSOCIATION: { description: 'An association running placements or carrying out measures.' },
    POLICE: { description: 'Police or gendarmerie.' },
    TOWN_HALL: { description: 'A town hall (mairie) or its social services (CCAS).' },
    PRIVATE_PRACTICE: { description: 'A professional in private practice (médecin, psychologue, infirmier libéral).' },
    PERSON: { description: 'A private person: relative, neighbour, the child.' },
    ANONYMOUS: { description: 'An anonymous source.' },
  },
});

export enum ConcernUrgency {
  NORMAL = 'NORMAL',
  URGENT = 'URGENT',
  IMMEDIATE_DANGER = 'IMMEDIATE_DANGER',
}
registerEnumType(ConcernUrgency, {
  name: 'ConcernUrgency',
  description: 'How urgent the situation is (degré d’urgence); it sets the evaluation due date.',
  valuesConfig: {
    NORMAL: { description: 'Evaluation within the ordinary delay (at most 3 months, CASF D226-2-4 II).' },
    URGENT: { description: 'Serious danger, notably a child under 2: evaluation sooner.' },
    IMMEDIATE_DANGER: {
      description: 'Grave and immediate danger: referral to the parquet without waiting for the evaluation (CASF D226-2-4 I).',
    },
  },
});

export enum SenderFeedback {
  NOT_INFORMED = 'NOT_INFORMED',
  RECEIPT_CONFIRMED = 'RECEIPT_CONFIRMED',
  OUTCOME_SENT = 'OUTCOME_SENT',
}
registerEnumType(SenderFeedback, {
  name: 'ConcernSenderFeedback',
  description: 'What the professional who sent the concern has been told (retour à l’émetteur, CASF L226-5).',
  valuesConfig: {
    NOT_INFORMED: { description: 'Nothing yet.' },
    RECEIPT_CONFIRMED: { description: 'Told that the concern was received and is being processed.' },
    OUTCOME_SENT: { description: 'Told what became of it (not the content of the evaluation).' },
  },
});

export enum SenderOutcome {
  RECEIVED = 'RECEIVED',
  BEING_PROCESSED = 'BEING_PROCESSED',
  CLOSED = 'CLOSED',
  SUPPORT_PROVIDED = 'SUPPORT_PROVIDED',
  REFERRED_TO_JUSTICE = 'REFERRED_TO_JUSTICE',
}
registerEnumType(SenderOutcome, {
  name: 'ConcernSenderOutcome',
  description: 'What a sender may know of what became of its concern (CASF L226-5): never the evaluation itself.',
  valuesConfig: {
    RECEIVED: { description: 'Received by the CRIP.' },
    BEING_PROCESSED: { description: 'Acknowledged and being evaluated.' },
    CLOSED: { description: 'Processed, no further action.' },
    SUPPORT_PROVIDED: { description: 'Processed: the family is offered support by the ASE.' },
    REFERRED_TO_JUSTICE: { description: 'Processed: the judicial authority has been informed.' },
  },
});
