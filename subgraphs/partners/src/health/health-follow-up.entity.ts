import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn, type Relation } from 'typeorm';
import { DeclarationStatus } from '../declaration';
import { Partner } from '../partner/partner.entity';

@Directive('@key(fields: "id")')
@Access('HEALTH_FOLLOW_UP')
@ObjectType({ description: 'A PMI centre’s follow-up of a child (suivi PMI): the centre sees the children it follows.' })
@Entity({ schema: 'partners', name: 'health_follow_up' })
export class HealthFollowUp {
  @Field(() => ID, { description: 'Stable identifier of the follow-up.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The child (owned by the cases subgraph): exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** The PMI centre (a Partner of kind PMI): exposed as `pmiCentre`. */
  @Column({ name: 'pmi_id', type: 'uuid' })
  pmiId!: string;

  /** The centre's row when a loader fetched it with the follow-up (the `pmiCentre` field then costs nothing). */
  @ManyToOne(() => Partner, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'pmi_id' })
  pmiCentre?: Relation<Partner>;

  @Field(() => GraphQLLocalDate, { description: 'First day of the follow-up.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Last day of the follow-up; null while it goes on (ending it ends the centre’s access the next day).',
  })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Field({ description: 'Why the centre follows the child, e.g. "Suivi post-natal", "Bilan de santé 4 ans" (motif).' })
  @Column({ type: 'text' })
  reason!: string;

  @Field(() => DeclarationStatus, {
    description:
      'CONFIRMED: in force. DECLARED: the PMI centre’s declaration, not in force until the département confirms it (the child is not in the PMI centre’s slice meanwhile). REJECTED: never in force.',
  })
  @Column({ type: 'enum', enum: DeclarationStatus, enumName: 'declaration_status', default: DeclarationStatus.CONFIRMED })
  status!: DeclarationStatus;

  /** The member who declared it (the principal's `sub`); null when the département recorded it. */
  @Column({ name: 'declared_by', type: 'text', nullable: true })
  declaredBy!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the PMI centre declared it; null when the département recorded it directly.' })
  @Column({ name: 'declared_at', type: 'timestamptz', nullable: true })
  declaredAt!: Date | null;

  /** The département member who confirmed or rejected the declaration. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the département confirmed or rejected the declaration.' })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the département rejected the declaration.' })
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
