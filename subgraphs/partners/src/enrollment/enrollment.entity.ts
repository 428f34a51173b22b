import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn, type Relation } from 'typeorm';
import { Partner } from '../partner/partner.entity';

@Access('SCHOOLING')
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

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
