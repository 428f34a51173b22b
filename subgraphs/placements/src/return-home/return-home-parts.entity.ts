import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { ReturnHomePhase } from './return-home-phase';

@Access('RETURN_HOME_PLAN')
@ObjectType({ description: 'One phase of a return-home plan, planned and as it happened, with its assessment (bilan).' })
@Entity({ schema: 'placements', name: 'return_home_phase_entry' })
export class ReturnHomePhaseEntry {
  @Field(() => ID, { description: 'Stable identifier of the phase entry.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field(() => ReturnHomePhase, { description: 'The phase.' })
  @Column({ type: 'enum', enum: ReturnHomePhase, enumName: 'return_home_phase' })
  phase!: ReturnHomePhase;

  @Column({ type: 'integer' })
  position!: number;

  @Field(() => GraphQLLocalDate, { description: 'Planned first day.' })
  @Column({ name: 'planned_start', type: 'date' })
  plannedStart!: string;

  @Field(() => GraphQLLocalDate, { description: 'Planned last day.' })
  @Column({ name: 'planned_end', type: 'date' })
  plannedEnd!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the phase actually began (latest entry if it was re-entered).' })
  @Column({ name: 'actual_start', type: 'date', nullable: true })
  actualStart!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the phase actually ended.' })
  @Column({ name: 'actual_end', type: 'date', nullable: true })
  actualEnd!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Assessment of the phase (bilan), the latest written when leaving it; every one is kept in the plan’s moves.',
  })
  @Column({ type: 'text', nullable: true })
  assessment!: string | null;
}

@Access('RETURN_HOME_PLAN')
@ObjectType({ description: 'A recorded change of phase of a return-home plan, forward or back (historique).' })
@Entity({ schema: 'placements', name: 'return_home_move' })
export class ReturnHomeMove {
  @Field(() => ID, { description: 'Stable identifier of the move.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field(() => ReturnHomePhase, { description: 'Phase left.' })
  @Column({ name: 'from_phase', type: 'enum', enum: ReturnHomePhase, enumName: 'return_home_phase' })
  fromPhase!: ReturnHomePhase;

  @Field(() => ReturnHomePhase, { description: 'Phase entered.' })
  @Column({ name: 'to_phase', type: 'enum', enum: ReturnHomePhase, enumName: 'return_home_phase' })
  toPhase!: ReturnHomePhase;

  @Field(() => GraphQLLocalDate, { description: 'Day of the move.' })
  @Column({ name: 'moved_on', type: 'date' })
  movedOn!: string;

  @Field({ description: 'Whether the plan went back to an earlier phase (retour en arrière).' })
  @Column({ type: 'boolean' })
  backward!: boolean;

  @Field(() => String, { nullable: true, description: 'Why (required when going back or abandoning).' })
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'Assessment of the phase left, as written at this move (bilan).' })
  @Column({ type: 'text', nullable: true })
  assessment!: string | null;

  @Field(() => Int, { description: 'Order of the move in the plan’s history, from 1.' })
  @Column({ type: 'integer' })
  seq!: number;
}

@Access('RETURN_HOME_PLAN')
@ObjectType({ description: 'A milestone of a return-home plan (étape, jalon), e.g. a school enrolment near home.' })
@Entity({ schema: 'placements', name: 'return_home_milestone' })
export class ReturnHomeMilestone {
  @Field(() => ID, { description: 'Stable identifier of the milestone.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field({ description: 'What is to be reached.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => GraphQLLocalDate, { description: 'Due date.' })
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day it was reached; null while it is not.' })
  @Column({ name: 'reached_on', type: 'date', nullable: true })
  reachedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Note by the worker.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
