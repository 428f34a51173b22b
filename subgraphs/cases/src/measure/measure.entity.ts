import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { MeasureDecider, MeasureKind, MeasureStatus } from './measure.enums';

@Directive('@key(fields: "id")')
@Access('MEASURES')
@ObjectType({ description: 'A protection measure (mesure), administrative with the parents’ agreement or ordered by the judge.' })
@Entity({ schema: 'cases', name: 'measure' })
export class Measure {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the measure.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `concern`: the information préoccupante that led to it, if any. */
  @Column({ name: 'concern_id', type: 'uuid', nullable: true })
  concernId!: string | null;

  @Field(() => MeasureKind, { nullable: true, description: 'Kind of measure. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ type: 'enum', enum: MeasureKind, enumName: 'measure_kind' })
  kind!: MeasureKind;

  @Field({ nullable: true, description: 'Ordered by a judge (mesure judiciaire) rather than administrative. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ type: 'boolean' })
  judicial!: boolean;

  @Field(() => MeasureStatus, { nullable: true, description: 'Where it stands. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ type: 'enum', enum: MeasureStatus, enumName: 'measure_status' })
  status!: MeasureStatus;

  /** Null for measures recorded before it was kept: read through `decider()`. Exposed as `decidedBy`. */
  @Column({ name: 'decided_by', type: 'enum', enum: MeasureDecider, enumName: 'measure_decider', nullable: true })
  decidedBy!: MeasureDecider | null;

  /** Exposed as `court`. */
  @Column({ name: 'court_id', type: 'uuid', nullable: true })
  courtId!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the judge’s decision (date de la décision), judicial measures. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'decision_date', type: 'date', nullable: true })
  decisionDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day of the measure (date de début). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Planned last day (échéance), moved by each renewal. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'planned_end_date', type: 'date', nullable: true })
  plannedEndDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day it ended (status ENDED). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day it was lifted by the judge (mainlevée; status LIFTED). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'lifted_at', type: 'date', nullable: true })
  liftedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it ended or was lifted (motif de fin, de mainlevée). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason!: string | null;

  /** Exposed as `operator`. */
  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId!: string | null;

  /** The family's written agreement it rests on (AED, VOLUNTARY_CARE, YOUNG_ADULT); exposed as `familyAgreement`. */
  @Column({ name: 'family_agreement_id', type: 'uuid', nullable: true })
  familyAgreementId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
