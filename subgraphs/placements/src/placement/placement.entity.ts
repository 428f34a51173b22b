import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Access('PLACEMENTS')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A stay of a child in a placement setting (placement).' })
@Entity({ schema: 'placements', name: 'placement' })
export class Placement {
  @Field(() => ID, { description: 'Stable identifier of the placement.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The child (owned by the cases subgraph): exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `facility`. */
  @Column({ name: 'facility_id', type: 'uuid' })
  facilityId!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day in the facility.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day in the facility; null while it lasts.' })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
