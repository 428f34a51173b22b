import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { ChildPlanStatus } from './plan.enums';

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType({
  description:
    'The child’s plan (projet pour l’enfant, PPE, CASF L223-1-1): needs by domain, objectives, actions, reviews with the child’s own words, signatures.',
})
@Entity({ schema: 'cases', name: 'child_plan' })
export class ChildPlan {
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the plan. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `measure`. */
  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  @Field(() => ChildPlanStatus, { nullable: true, description: 'Draft, in force, or superseded. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  @Column({ type: 'enum', enum: ChildPlanStatus, enumName: 'plan_status' })
  status!: ChildPlanStatus;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it was drawn up (date d’élaboration): within 3 months of the measure. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  @Column({ name: 'drawn_up_on', type: 'date' })
  drawnUpOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it came into force (signature by the département). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  @Column({ name: 'in_force_from', type: 'date', nullable: true })
  inForceFrom!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_PLAN_OBJECTIVES.' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
