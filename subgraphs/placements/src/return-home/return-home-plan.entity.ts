import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { ReturnHomePhase } from './return-home-phase';

@Directive('@key(fields: "id")')
@Access('RETURN_HOME_PLAN')
@ObjectType({
  description:
    'A progressive return home from placement (accompagnement à la sortie de placement): day visits, weekends, holidays, then a request to lift the placement; 3 to 6 months.',
})
@Entity({ schema: 'placements', name: 'return_home_plan' })
export class ReturnHomePlan {
  @Field(() => ID, { description: 'Stable identifier of the plan.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `placement`: the placement the child is leaving. */
  @Column({ name: 'placement_id', type: 'uuid', nullable: true })
  placementId!: string | null;

  @Field(() => [String], { description: 'Referent workers following the return (travailleurs sociaux référents).' })
  @Column({ name: 'referent_workers', type: 'text', array: true })
  referentWorkers!: string[];

  @Field(() => GraphQLLocalDate, { description: 'First day of the plan.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { description: 'Planned last day of the plan.' })
  @Column({ name: 'planned_end_date', type: 'date' })
  plannedEndDate!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why the plan is shorter than 3 months or longer than 6 (justification de la durée); required then.',
  })
  @Column({ name: 'duration_justification', type: 'text', nullable: true })
  durationJustification!: string | null;

  @Field(() => ReturnHomePhase, { description: 'Current phase (or outcome, once COMPLETED or ABANDONED).' })
  @Column({ type: 'enum', enum: ReturnHomePhase, enumName: 'return_home_phase' })
  phase!: ReturnHomePhase;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the lifting of the placement was requested from the judge.' })
  @Column({ name: 'mainlevee_requested_on', type: 'date', nullable: true })
  mainleveeRequestedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The request for mainlevée as sent to the judge (its reference and grounds).' })
  @Column({ name: 'mainlevee_request', type: 'text', nullable: true })
  mainleveeRequest!: string | null;

  @Field(() => String, { nullable: true, description: 'Outcome, once the plan is completed or abandoned (issue), and why.' })
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the plan was completed or abandoned.' })
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
