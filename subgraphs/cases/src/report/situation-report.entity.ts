import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum SituationReportStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
}
registerEnumType(SituationReportStatus, {
  name: 'SituationReportStatus',
  description: 'Where a situation report stands: DRAFT → SENT.',
  valuesConfig: {
    DRAFT: { description: 'Due, being written (à rédiger).' },
    SENT: { description: 'Sent (to the judge for a judicial measure) (transmis).' },
  },
});

@Access('SITUATION_REPORTS')
@ObjectType({
  description:
    'A report on a protected child’s situation (rapport de situation, CASF L223-5): at least yearly, every 6 months under age 2; sent to the judge for judicial measures.',
})
@Entity({ schema: 'cases', name: 'situation_report' })
export class SituationReport {
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the report. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `measure`: the measure whose rhythm sets the due date. */
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it is due (échéance), derived from the measure and the child’s age. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Field(() => SituationReportStatus, { nullable: true, description: 'Draft or sent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @Column({ type: 'enum', enum: SituationReportStatus, enumName: 'report_status' })
  status!: SituationReportStatus;

  @Field(() => String, { nullable: true, description: 'The report’s text. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it was sent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @Column({ name: 'sent_on', type: 'date', nullable: true })
  sentOn!: string | null;

  /** Exposed as `sentTo`: the court, for a judicial measure. */
  @Column({ name: 'sent_to_id', type: 'uuid', nullable: true })
  sentToId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  @VersionColumn()
  version!: number;
}
