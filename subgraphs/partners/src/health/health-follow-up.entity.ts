import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn, type Relation } from 'typeorm';
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

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
