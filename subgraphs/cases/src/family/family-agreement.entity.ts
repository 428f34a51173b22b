import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { MeasureKind } from '../measure/measure.enums';
import { FamilyAgreementSignerRole } from './family-agreement.enums';

const NULL_WHEN = 'Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.';

/**
 * A family's written agreement that an administrative measure rests on (CASF L223-2): the
 * parents' for an accueil provisoire or an AED, the young adult's own for a contrat jeune majeur
 * (CASF L222-5). Its terms, who signed it and when, its renewals and its end. A measure of a kind
 * that needs one comes into force only under one in force (MEASURE_RULES, rule WRITTEN_AGREEMENT).
 */
@Access('FAMILY_AGREEMENTS')
@ObjectType({ description: 'A family’s written agreement (accord écrit des parents, contrat jeune majeur) an administrative measure rests on.' })
@Entity({ schema: 'cases', name: 'family_agreement' })
export class FamilyAgreement {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the agreement.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Field(() => MeasureKind, { nullable: true, description: `The kind of measure it agrees to: AED, VOLUNTARY_CARE or YOUNG_ADULT. ${NULL_WHEN}` })
  @Column({ name: 'measure_kind', type: 'enum', enum: MeasureKind, enumName: 'measure_kind' })
  measureKind!: MeasureKind;

  @Field(() => String, { nullable: true, description: `What was agreed (objectifs, engagements réciproques, modalités). ${NULL_WHEN}` })
  @Column({ type: 'text' })
  terms!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: `First day it covers. ${NULL_WHEN}` })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: `Last day it covers, moved by each renewal (at most a year at a time, CASF L223-5). ${NULL_WHEN}` })
  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: `Day it ended early (withdrawn, or the measure ended); null otherwise. ${NULL_WHEN}` })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Field(() => String, { nullable: true, description: `Why it ended early. ${NULL_WHEN}` })
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Field(() => Int, { nullable: true, description: `Revision of this record: send it back with a change (optimistic locking). ${NULL_WHEN}` })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Access('FAMILY_AGREEMENTS')
@ObjectType({ description: 'A signature of a family agreement or of one of its renewals: who signed, in which capacity, when.' })
@Entity({ schema: 'cases', name: 'family_agreement_signature' })
export class FamilyAgreementSignature {
  @Field(() => ID, { description: 'Stable identifier of the signature.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId!: string;

  /** The renewal it signs; null: the agreement itself. */
  @Column({ name: 'renewal_id', type: 'uuid', nullable: true })
  renewalId!: string | null;

  @Field({ description: 'Who signed (name as on the document).' })
  @Column({ name: 'signer_name', type: 'text' })
  signerName!: string;

  @Field(() => FamilyAgreementSignerRole, { description: 'In which capacity.' })
  @Column({ type: 'enum', enum: FamilyAgreementSignerRole, enumName: 'family_agreement_signer_role' })
  role!: FamilyAgreementSignerRole;

  /** A parent's signature: the guardian (holder of parental authority) who signed. */
  @Field(() => ID, { nullable: true, description: 'A parent’s signature: the Guardian who signed.' })
  @Column({ name: 'guardian_id', type: 'uuid', nullable: true })
  guardianId!: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Day it was signed.' })
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;
}

@Access('FAMILY_AGREEMENTS')
@ObjectType({ description: 'A renewal of a family agreement, signed again (CASF L223-5: renewable under the same conditions).' })
@Entity({ schema: 'cases', name: 'family_agreement_renewal' })
export class FamilyAgreementRenewal {
  @Field(() => ID, { description: 'Stable identifier of the renewal.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day the renewal was signed (the last of its signatures).' })
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day covered before the renewal.' })
  @Column({ name: 'previous_valid_until', type: 'date' })
  previousValidUntil!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day covered after it.' })
  @Column({ name: 'new_valid_until', type: 'date' })
  newValidUntil!: string;

  @Field(() => String, { nullable: true, description: 'The terms as amended by the renewal; null: unchanged.' })
  @Column({ type: 'text', nullable: true })
  terms!: string | null;
}
