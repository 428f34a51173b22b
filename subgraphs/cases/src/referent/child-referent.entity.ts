import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A child's référent ASE: a member of the département (or the CRIP) who follows the child, from
 * `since` until `until` (null while they still do). A child may have several at once
 * (co-référence); the history is kept. `member_id` is a partners member id: no foreign key
 * crosses schemas, the assignment mutations check it with partners (see referent.members.ts).
 */
@Access('PROTECTED_STATUS')
@ObjectType({ description: 'A child’s référent ASE (the caseworker who follows the child) and since when.' })
@Entity({ schema: 'cases', name: 'child_referent' })
export class ChildReferent {
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the assignment. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed through `Child.referents`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `member`. */
  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day as the child’s référent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  @Column({ type: 'date' })
  since!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day they stopped being the child’s référent; null while they are. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  @Column({ type: 'date', nullable: true })
  until!: string | null;
}
