import { INSEE_COMMUNE_CODE } from '@passerelle/common';
import { IsEmail, IsOptional, Length, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PartnerKind } from './partner.entity';

@InputType({ description: 'A commune of a jurisdiction.' })
export class JurisdictionCommuneInput {
  @Field({ description: 'INSEE code of the commune.' })
  @Matches(INSEE_COMMUNE_CODE, { message: 'code must be an INSEE commune code (5 characters)' })
  code!: string;

  @Field({ description: 'Name of the commune.' })
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

@InputType({ description: 'A new institution. Codes are checked (UAI check letter, SIRET and FINESS keys).' })
export class CreatePartnerInput {
  @Field(() => PartnerKind, { description: 'Kind of institution.' })
  kind!: PartnerKind;

  @Field({ description: 'Name of the institution.' })
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @Field(() => String, { nullable: true, description: 'UAI code (schools only, required for them).' })
  @IsOptional()
  uai?: string | null;

  @Field(() => String, { nullable: true, description: 'SIRET number (required for an association).' })
  @IsOptional()
  siret?: string | null;

  @Field(() => String, { nullable: true, description: 'FINESS number, where it has one.' })
  @IsOptional()
  finess?: string | null;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (5 digits).' })
  @IsOptional()
  postalCode?: string | null;

  @Field({ description: 'Commune of the institution.' })
  @MinLength(1)
  @MaxLength(100)
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  communeCode!: string;

  @Field(() => String, { nullable: true, description: 'Switchboard phone number.' })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Institutional contact email.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => [JurisdictionCommuneInput], { nullable: true, description: 'Communes covered (courts and parquets only).' })
  @IsOptional()
  @ValidateNested({ each: true })
  jurisdiction?: JurisdictionCommuneInput[] | null;
}

@InputType({ description: 'Changes to an institution: only the fields given change; `null` clears an optional one.' })
export class UpdatePartnerInput {
  @Field({ nullable: true, description: 'Name of the institution.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @Field(() => String, { nullable: true, description: 'UAI code (schools only).' })
  @IsOptional()
  uai?: string | null;

  @Field(() => String, { nullable: true, description: 'SIRET number.' })
  @IsOptional()
  siret?: string | null;

  @Field(() => String, { nullable: true, description: 'FINESS number.' })
  @IsOptional()
  finess?: string | null;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (5 digits).' })
  @IsOptional()
  postalCode?: string | null;

  @Field({ nullable: true, description: 'Commune of the institution.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  commune?: string;

  @Field({ nullable: true, description: 'INSEE code of the commune.' })
  @IsOptional()
  communeCode?: string;

  @Field(() => String, { nullable: true, description: 'Switchboard phone number.' })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Institutional contact email.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => [JurisdictionCommuneInput], { nullable: true, description: 'Communes covered (courts and parquets only).' })
  @IsOptional()
  @ValidateNested({ each: true })
  jurisdiction?: JurisdictionCommuneInput[] | null;
}

@ArgsType()
export class PartnerFilterArgs {
  @Field(() => PartnerKind, { nullable: true, description: 'Only institutions of this kind.' })
  @IsOptional()
  kind?: PartnerKind | null;

  @Field(() => String, { nullable: true, description: 'Only the institution with this UAI, SIRET or FINESS code (spaces ignored).' })
  @IsOptional()
  @MaxLength(20)
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'Only institutions in this commune: INSEE code or name (case-insensitive).' })
  @IsOptional()
  @MaxLength(100)
  commune?: string | null;

  @Field(() => String, { nullable: true, description: 'Only courts and parquets whose jurisdiction covers this commune (INSEE code).' })
  @IsOptional()
  @Length(5, 5)
  covering?: string | null;

  @Field(() => String, { nullable: true, description: 'Only institutions whose name contains this text (case-insensitive).' })
  @IsOptional()
  @MinLength(2)
  @MaxLength(100)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or only closed (false) institutions; both when absent.' })
  @IsOptional()
  active?: boolean | null;
}

@ArgsType()
export class ClosePartnerArgs {
  @Field(() => ID, { description: 'The institution.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day it closed or left Passerelle.' })
  closedOn!: string;
}
