import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn, type Relation } from 'typeorm';
import { DeclarationStatus } from '../declaration';
import { Partner } from '../partner/partner.entity';

@Directive('@key(fields: "id")')
@Access('SCHOOLING')
@ObjectType({ description: 'A child’s enrolment in a school for a school year (inscription scolaire).' })
@Entity({ schema: 'partners', name: 'enrollment' })
export class Enrollment {
  @Field(() => ID, { description: 'Stable identifier of the enrolment.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The child (owned by the cases subgraph): exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** The school (a Partner of kind SCHOOL): exposed as `school`. */
  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** The school's row when a loader fetched it with the enrolment (the `school` field then costs nothing). */
  @ManyToOne(() => Partner, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'school_id' })
  school?: Relation<Partner>;

  @Field({ description: 'School year, e.g. "2026-2027" (année scolaire).' })
  @Column({ name: 'school_year', type: 'text' })
  schoolYear!: string;

  @Field({ description: 'Class level, e.g. CP, CM2, 3e, terminale (niveau).' })
  @Column({ name: 'class_level', type: 'text' })
  classLevel!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day of the enrolment.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description:
      'Last day the pupil attends; null while attending. The school sees the child up to this day only: a pupil who changes school leaves the old school’s slice on the day they start at the new one.',
  })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => DeclarationStatus, {
    description:
      'CONFIRMED: in force. DECLARED: the school’s declaration, not in force until the département confirms it (the child is not in the school’s slice meanwhile). REJECTED: never in force.',
  })
  @Column({ type: 'enum', enum: DeclarationStatus, enumName: 'declaration_status', default: DeclarationStatus.CONFIRMED })
  status!: DeclarationStatus;

  /** The member who declared it (the principal's `sub`); null when the département recorded it. */
  @Column({ name: 'declared_by', type: 'text', nullable: true })
  declaredBy!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the school declared it; null when the département recorded it directly.' })
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
