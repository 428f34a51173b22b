import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum VisitStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}
registerEnumType(VisitStatus, {
  name: 'VisitStatus',
  description: 'Where a visit stands.',
  valuesConfig: {
    PLANNED: { description: 'Planned, not yet held (prévue).' },
    HELD: { description: 'Took place (réalisée).' },
    CANCELLED: { description: 'Did not take place (annulée), with a reason and who cancelled.' },
  },
});

export enum VisitCanceller {
  PARENT = 'PARENT',
  CHILD = 'CHILD',
  FACILITY = 'FACILITY',
  DEPARTMENT = 'DEPARTMENT',
  MEDIATOR = 'MEDIATOR',
  COURT = 'COURT',
}
registerEnumType(VisitCanceller, {
  name: 'VisitCanceller',
  description: 'Who cancelled a visit (annulée à l’initiative de).',
  valuesConfig: {
    PARENT: { description: 'The visitor (parent or relative).' },
    CHILD: { description: 'The child.' },
    FACILITY: { description: 'The facility or foster carer.' },
    DEPARTMENT: { description: 'The ASE service.' },
    MEDIATOR: { description: 'The mediation service (visites médiatisées).' },
    COURT: { description: 'A court decision suspended it.' },
  },
});

@Directive('@key(fields: "id")')
@Access('VISIT_RIGHTS')
@ObjectType({ description: 'One occurrence of a visit under a visit right (visite).' })
@Entity({ schema: 'placements', name: 'visit' })
export class Visit {
  @Field(() => ID, { description: 'Stable identifier of the visit.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `visitRight`. */
  @Column({ name: 'visit_right_id', type: 'uuid' })
  visitRightId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day of the visit.' })
  @Column({ name: 'planned_on', type: 'date' })
  plannedOn!: string;

  @Field(() => VisitStatus, { description: 'Planned, held or cancelled.' })
  @Column({ type: 'enum', enum: VisitStatus, enumName: 'visit_status' })
  status!: VisitStatus;

  @Field(() => String, { nullable: true, description: 'How the visit went (compte rendu), for the judge’s report.' })
  @Column({ type: 'text', nullable: true })
  report!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled (motif d’annulation).' })
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  @Field(() => VisitCanceller, { nullable: true, description: 'Who cancelled it.' })
  @Column({ name: 'cancelled_by', type: 'enum', enum: VisitCanceller, enumName: 'visit_canceller', nullable: true })
  cancelledBy!: VisitCanceller | null;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
