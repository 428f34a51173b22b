import { ArrayMaxSize, ArrayMinSize, Length, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MeasureKind } from '../measure/measure.enums';
import { FamilyAgreementSignerRole } from './family-agreement.enums';

@InputType({ description: 'A signature: who signed, in which capacity, when.' })
export class FamilyAgreementSignatureInput {
  @Field({ description: 'Who signed (name as on the document).' })
  @Length(1, 200)
  signerName!: string;

  @Field(() => FamilyAgreementSignerRole, { description: 'PARENT (give guardianId), YOUNG_ADULT, or DEPARTMENT.' })
  role!: FamilyAgreementSignerRole;

  @Field(() => ID, { nullable: true, description: 'A parent: the Guardian of the child who signed (required for PARENT).' })
  guardianId?: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Day signed: not after today (FACT_IN_FUTURE).' })
  signedOn!: string;
}

@InputType({ description: 'A family’s written agreement to record (accord écrit des parents, contrat jeune majeur), signed.' })
export class RecordFamilyAgreementInput {
  @Field(() => ID, { description: 'The child (or young adult).' })
  childId!: string;

  @Field(() => MeasureKind, { description: 'The kind of measure it agrees to: AED or VOLUNTARY_CARE (the parents’), YOUNG_ADULT (the young adult’s).' })
  measureKind!: MeasureKind;

  @Field({ description: 'What was agreed.' })
  @Length(1, 20_000)
  terms!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day it covers.' })
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day it covers: at most the kind’s term (a year, CASF L223-5).' })
  validUntil!: string;

  @Field(() => [FamilyAgreementSignatureInput], { description: 'Its signatures: at least one of the party (a parent, or the young adult).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  signatures!: FamilyAgreementSignatureInput[];
}

@InputType({ description: 'A further signature of a family agreement (the other parent, the département).' })
export class SignFamilyAgreementInput {
  @Field(() => ID, { description: 'The agreement.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => FamilyAgreementSignatureInput, { description: 'The signature.' })
  @ValidateNested()
  signature!: FamilyAgreementSignatureInput;
}

@InputType({ description: 'Renew a family agreement: signed again by the party, it covers a new term.' })
export class RenewFamilyAgreementInput {
  @Field(() => ID, { description: 'The agreement.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'New last day: after the current one, at most the kind’s term after it.' })
  newValidUntil!: string;

  @Field(() => String, { nullable: true, description: 'The amended terms; null: unchanged.' })
  terms?: string | null;

  @Field(() => [FamilyAgreementSignatureInput], { description: 'The renewal’s signatures: at least one of the party.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  signatures!: FamilyAgreementSignatureInput[];
}

@InputType({ description: 'End a family agreement early (withdrawn by the family, or the measure ended).' })
export class EndFamilyAgreementInput {
  @Field(() => ID, { description: 'The agreement.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Last day in force: not after today (FACT_IN_FUTURE).' })
  on!: string;

  @Field({ description: 'Why.' })
  @Length(1, 2000)
  reason!: string;
}
