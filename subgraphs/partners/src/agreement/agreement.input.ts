import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DataCategory } from './data-category';
import { AgreementSignatoryInput } from './signatory';

@InputType({ description: 'A new agreement with a partner.' })
export class CreateAgreementInput {
  @Field(() => ID, { description: 'The partner it binds.' })
  partnerId!: string;

  @Field({ description: 'The département’s reference (unique), e.g. "CONV-2026-014".' })
  @MinLength(1)
  @MaxLength(60)
  reference!: string;

  @Field({ description: 'Title of the agreement.' })
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @Field(() => [String], { description: 'What the sharing is for (at least one purpose).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  purposes!: string[];

  @Field(() => [DataCategory], { description: 'The data categories it opens (at least one, no repeats).' })
  @ArrayMinSize(1)
  @ArrayUnique()
  dataCategories!: DataCategory[];

  @Field(() => GraphQLLocalDate, { description: 'Day it was signed.' })
  signedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'First day it applies.' })
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day it applies (not before validFrom).' })
  validUntil!: string;

  @Field(() => [AgreementSignatoryInput], { description: 'Who signed it (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  signatories!: AgreementSignatoryInput[];
}

@InputType({ description: 'Changes to an agreement (an amendment, avenant): only the fields given change.' })
export class UpdateAgreementInput {
  @Field({ nullable: true, description: 'Title of the agreement.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @Field(() => [String], { nullable: true, description: 'What the sharing is for.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  purposes?: string[];

  @Field(() => [DataCategory], { nullable: true, description: 'The data categories it opens.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayUnique()
  dataCategories?: DataCategory[];

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day it applies.' })
  @IsOptional()
  validFrom?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day it applies: bring it forward to end the agreement early (résiliation).' })
  @IsOptional()
  validUntil?: string;

  @Field(() => [AgreementSignatoryInput], { nullable: true, description: 'Who signed it.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  signatories?: AgreementSignatoryInput[];
}

@ArgsType()
export class AgreementsInForceArgs {
  @Field(() => ID, { description: 'The partner.' })
  partnerId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day (default: today in France).' })
  @IsOptional()
  on?: string | null;
}

@ArgsType()
export class AgreementsExpiringArgs {
  @Field(() => Int, { description: 'Within how many days from `from` (0 to 3660): agreements whose last day falls in that window.' })
  @Min(0)
  @Max(3660)
  withinDays!: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day of the window (default: today in France).' })
  @IsOptional()
  from?: string | null;
}
