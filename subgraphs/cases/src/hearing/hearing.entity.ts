import { Access } from '@passerelle/common';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Access('MEASURES')
@ObjectType({ description: 'A court hearing about a child (audience).' })
@Entity({ schema: 'cases', name: 'hearing' })
export class Hearing {
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the hearing. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
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

  @Field({ nullable: true, description: 'When it takes place (date et heure). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @Field({ nullable: true, description: 'What it is about (objet), e.g. renewal of the placement. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ type: 'text' })
  purpose!: string;

  @Field(() => String, { nullable: true, description: 'What was decided (issue); null until it has taken place. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.' })
  @VersionColumn()
  version!: number;
}
