import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { DataCategory } from './data-category';
import { AgreementSignatory } from './signatory';

@Directive('@key(fields: "id")')
@Access('PARTNER_ADMINISTRATION')
@ObjectType({
  description:
    'A data-sharing and cooperation agreement between the département and a partner (convention, protocole): nothing is shared with a partner outside one in force.',
})
@Entity({ schema: 'partners', name: 'agreement' })
export class Agreement {
  @Field(() => ID, { description: 'Stable identifier of the agreement.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The partner: exposed as `partner`. */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Field({ description: 'The département’s reference for the agreement, unique (numéro de convention).' })
  @Column({ type: 'text' })
  reference!: string;

  @Field({ description: 'Title of the agreement (intitulé).' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => [String], { description: 'What the sharing is for, as the agreement states it (finalités).' })
  @Column({ type: 'text', array: true })
  purposes!: string[];

  @Field(() => [DataCategory], { description: 'The categories of data it opens to the partner.' })
  @Column({ name: 'data_categories', type: 'enum', enum: DataCategory, enumName: 'data_category', array: true })
  dataCategories!: DataCategory[];

  @Field(() => GraphQLLocalDate, { description: 'Day it was signed (date de signature).' })
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day it applies (date d’effet).' })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day it applies (échéance); nothing is shared after it.' })
  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;

  @Field(() => [AgreementSignatory], { description: 'Who signed it, for each party (signataires).' })
  @Column({ type: 'jsonb' })
  signatories!: AgreementSignatory[];

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @Field({ description: 'When the agreement was recorded.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Whether the agreement applies on `day` (bounds included). */
export function inForce(agreement: Pick<Agreement, 'validFrom' | 'validUntil'>, day: string): boolean {
  return agreement.validFrom <= day && day <= agreement.validUntil;
}
