import { Access } from '@passerelle/common';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Access('MEASURES')
@ObjectType({ description: 'A court hearing about a child (audience).' })
@Entity({ schema: 'cases', name: 'hearing' })
export class Hearing {
  @Field(() => ID, { description: 'Stable identifier of the hearing.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `measure`. */
  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  /** Exposed as `court`. */
  @Column({ name: 'court_id', type: 'uuid' })
  courtId!: string;

  @Field({ description: 'When it takes place (date et heure).' })
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @Field({ description: 'What it is about (objet), e.g. renewal of the placement.' })
  @Column({ type: 'text' })
  purpose!: string;

  @Field(() => String, { nullable: true, description: 'What was decided (issue); null until it has taken place.' })
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
