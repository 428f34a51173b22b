import { ArrayMaxSize, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AgeBand } from './age-band';
import { FacilityKind } from './facility.entity';

@InputType({ description: 'Approved places in one age band.' })
export class AgeBandPlacesInput {
  @Field(() => AgeBand, { description: 'The age band.' })
  ageBand!: AgeBand;

  @Field(() => Int, { description: 'Approved places in the band (0 to 200).' })
  @Min(0)
  @Max(200)
  places!: number;
}

@InputType({ description: 'Register a placement setting (lieu d’accueil) with its approval.' })
export class RegisterFacilityInput {
  @Field({ description: 'Name (for a foster carer: the carer’s name).' })
  @Length(2, 200)
  name!: string;

  @Field(() => FacilityKind, { description: 'Kind of setting.' })
  kind!: FacilityKind;

  @Field(() => ID, { nullable: true, description: 'The institution running it (a Partner of the partners subgraph).' })
  @IsOptional()
  @IsUUID()
  operatorId?: string | null;

  @Field(() => String, { nullable: true, description: 'FINESS number: 9 characters, the département (2 digits, 2A or 2B) then 7 digits.' })
  @IsOptional()
  @Matches(/^([0-9]{2}|2A|2B)[0-9]{7}$/, { message: 'finess must be 9 characters: the département then 7 digits' })
  finess?: string | null;

  @Field({ description: 'Street address.' })
  @Length(2, 300)
  address!: string;

  @Field({ description: 'Postal code.' })
  @Matches(/^[0-9]{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode!: string;

  @Field({ description: 'Commune name.' })
  @Length(1, 100)
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  @Matches(/^([0-9]{2}|2A|2B)[0-9]{3}$/, { message: 'communeCode must be an INSEE commune code' })
  communeCode!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the address is confidential; by default true for foster carers and TDC homes, false otherwise.',
  })
  @IsOptional()
  confidentialAddress?: boolean | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the approval (agrément, autorisation).' })
  @IsOptional()
  approvedOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the approval expires.' })
  @IsOptional()
  approvalExpiresOn?: string | null;

  @Field(() => [AgeBandPlacesInput], { description: 'Approved places by age band; bands not listed have none.' })
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  places!: AgeBandPlacesInput[];
}

@InputType({ description: 'Change a facility’s approved places (new agrément), band by band.' })
export class SetFacilityPlacesInput {
  @Field(() => ID, { description: 'The facility.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if the facility changed since.' })
  version!: number;

  @Field(() => [AgeBandPlacesInput], { description: 'The new approved places; bands not listed keep theirs.' })
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  places!: AgeBandPlacesInput[];

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'New approval expiry date, if it changes.' })
  @IsOptional()
  approvalExpiresOn?: string | null;
}
