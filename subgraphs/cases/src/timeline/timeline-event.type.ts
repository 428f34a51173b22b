import { Access } from '@passerelle/common';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum TimelineEventKind {
  CONCERN_RECEIVED = 'CONCERN_RECEIVED',
  EVALUATION_STARTED = 'EVALUATION_STARTED',
  EVALUATION_CONCLUDED = 'EVALUATION_CONCLUDED',
  REFERRAL_SENT = 'REFERRAL_SENT',
  REFERRAL_DECIDED = 'REFERRAL_DECIDED',
  MEASURE_STARTED = 'MEASURE_STARTED',
  MEASURE_RENEWED = 'MEASURE_RENEWED',
  MEASURE_CLOSED = 'MEASURE_CLOSED',
  PLAN_DRAWN_UP = 'PLAN_DRAWN_UP',
  PLAN_REVIEWED = 'PLAN_REVIEWED',
  REPORT_SENT = 'REPORT_SENT',
  HEARING = 'HEARING',
}
registerEnumType(TimelineEventKind, {
  name: 'ChildTimelineEventKind',
  description: 'What happened in a child’s file.',
  valuesConfig: {
    CONCERN_RECEIVED: { description: 'An information préoccupante naming the child was received.' },
    EVALUATION_STARTED: { description: 'An evaluation started.' },
    EVALUATION_CONCLUDED: { description: 'An evaluation was concluded.' },
    REFERRAL_SENT: { description: 'A referral was sent to the parquet (signalement).' },
    REFERRAL_DECIDED: { description: 'The parquet decided on a referral.' },
    MEASURE_STARTED: { description: 'A measure started (or was proposed to start).' },
    MEASURE_RENEWED: { description: 'A measure was renewed.' },
    MEASURE_CLOSED: { description: 'A measure ended or was lifted (mainlevée).' },
    PLAN_DRAWN_UP: { description: 'A projet pour l’enfant was drawn up.' },
    PLAN_REVIEWED: { description: 'A projet pour l’enfant was reviewed.' },
    REPORT_SENT: { description: 'A situation report was sent.' },
    HEARING: { description: 'A court hearing (audience).' },
  },
});

/** One event of a child's timeline, read from the `cases.child_timeline` view. */
@Access('CASE_FILE')
@ObjectType('ChildTimelineEvent', { description: 'One event in a child’s file (chronologie du dossier).' })
export class TimelineEvent {
  @Field(() => ID, { description: 'Stable identifier of the event.' })
  id!: string;

  childId!: string;

  @Field({ description: 'When it happened (dates without a time are midnight UTC).' })
  occurredAt!: Date;

  @Field(() => TimelineEventKind, { description: 'What happened.' })
  kind!: TimelineEventKind;

  @Field({ description: 'GraphQL type of the record the event is about: Concern, Evaluation, Referral, Measure, ChildPlan, SituationReport, Hearing.' })
  subjectType!: string;

  @Field(() => ID, { description: 'Id of that record.' })
  subjectId!: string;

  @Field({ description: 'One line in French for the file’s chronology.' })
  summary!: string;
}
