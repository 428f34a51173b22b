import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum ReferralDecision {
  SEIZE_JUDGE = 'SEIZE_JUDGE',
  CLOSE = 'CLOSE',
  RETURN_FOR_EVALUATION = 'RETURN_FOR_EVALUATION',
}
registerEnumType(ReferralDecision, {
  name: 'ReferralDecision',
  description: 'What the parquet decided on a referral.',
  valuesConfig: {
    SEIZE_JUDGE: { description: 'The children’s judge is seized (saisine du juge des enfants).' },
    CLOSE: { description: 'Closed (classement).' },
    RETURN_FOR_EVALUATION: { description: 'Sent back to the CRIP for (further) evaluation (retour pour évaluation).' },
  },
});

@Access('EVALUATION_REPORTS')
@ObjectType({ description: 'A referral of a concern to the prosecutor (signalement au parquet, CASF L226-4).' })
@Entity({ schema: 'cases', name: 'referral' })
export class Referral {
  @Field(() => ID, { description: 'Stable identifier of the referral.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `concern`. */
  @Column({ name: 'concern_id', type: 'uuid' })
  concernId!: string;

  /** Exposed as `prosecutorOffice`. */
  @Column({ name: 'prosecutor_office_id', type: 'uuid' })
  prosecutorOfficeId!: string;

  @Field({ description: 'When it was sent (date d’envoi).' })
  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Field({ description: 'Why the child is referred (motivation du signalement).' })
  @Column({ type: 'text' })
  reason!: string;

  @Field({ description: 'Sent without waiting for the evaluation because of grave and immediate danger (D226-2-4 I).' })
  @Column({ name: 'immediate_danger', type: 'boolean' })
  immediateDanger!: boolean;

  @Field(() => ReferralDecision, { nullable: true, description: 'The parquet’s decision; null until known.' })
  @Column({ type: 'enum', enum: ReferralDecision, enumName: 'referral_decision', nullable: true })
  decision!: ReferralDecision | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the parquet’s decision.' })
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
