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
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the referral. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `concern`. */
  @Column({ name: 'concern_id', type: 'uuid' })
  concernId!: string;

  /** Exposed as `prosecutorOffice`. */
  @Column({ name: 'prosecutor_office_id', type: 'uuid' })
  prosecutorOfficeId!: string;

  @Field({ nullable: true, description: 'When it was sent (date d’envoi). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Field({ nullable: true, description: 'Why the child is referred (motivation du signalement). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'text' })
  reason!: string;

  @Field({ nullable: true, description: 'Sent without waiting for the evaluation because of grave and immediate danger (D226-2-4 I). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'immediate_danger', type: 'boolean' })
  immediateDanger!: boolean;

  @Field(() => ReferralDecision, { nullable: true, description: 'The parquet’s decision; null until known. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'enum', enum: ReferralDecision, enumName: 'referral_decision', nullable: true })
  decision!: ReferralDecision | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the parquet’s decision. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @VersionColumn()
  version!: number;
}
