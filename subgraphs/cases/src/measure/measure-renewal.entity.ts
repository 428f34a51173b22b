import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Access('MEASURES')
@ObjectType({ description: 'A renewal of a measure by reasoned decision (renouvellement), moving its planned end.' })
@Entity({ schema: 'cases', name: 'measure_renewal' })
export class MeasureRenewal {
  @Field(() => ID, { description: 'Stable identifier of the renewal.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of the renewal decision.' })
  @Column({ name: 'decision_date', type: 'date' })
  decisionDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Planned end before the renewal.' })
  @Column({ name: 'previous_end_date', type: 'date', nullable: true })
  previousEndDate!: string | null;

  @Field(() => GraphQLLocalDate, { description: 'New planned end.' })
  @Column({ name: 'new_end_date', type: 'date' })
  newEndDate!: string;

  @Field({ description: 'Why it was renewed (motivation).' })
  @Column({ type: 'text' })
  reason!: string;
}
