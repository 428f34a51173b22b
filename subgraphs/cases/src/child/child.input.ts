import { INSEE_COMMUNE_CODE } from '@passerelle/common';
import { IsOptional, Length, Matches, ValidateIf } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Sex } from './child.entity';

/** French phone numbers as people type them: digits, spaces, dots, dashes, a leading +. */
export const PHONE = /^\+?[0-9][0-9 .-]{5,19}$/;

@InputType({ description: 'A child to record (enfant).' })
export class CreateChildInput {
  @Field({ description: 'First names, in civil-registry order (prénoms).' })
  @Length(1, 200)
  firstNames!: string;

  @Field({ description: 'Family name (nom de famille).' })
  @Length(1, 200)
  lastName!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of birth.' })
  birthDate!: string;

  @Field(() => Sex, { description: 'Sex as recorded in the civil registry.' })
  sex!: Sex;

  @Field(() => String, { nullable: true, description: 'Commune of birth (lieu de naissance).' })
  @IsOptional()
  @Length(1, 200)
  birthplace?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the commune of residence (code commune INSEE, 5 characters), e.g. 44109; never the address.' })
  @IsOptional()
  @Matches(INSEE_COMMUNE_CODE, { message: 'communeCode must be an INSEE commune code (5 characters, e.g. 44109)' })
  communeCode?: string | null;
}

@InputType({ description: 'Changes to a child’s record: absent fields are left as they are, null clears an optional one.' })
export class UpdateChildInput {
  @Field(() => ID, { description: 'The child.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking): CONFLICT if the record changed since.' })
  version!: number;

  @Field({ nullable: true, description: 'First names.' })
  @ValidateIf((_, v) => v !== undefined)
  @Length(1, 200)
  firstNames?: string;

  @Field({ nullable: true, description: 'Family name.' })
  @ValidateIf((_, v) => v !== undefined)
  @Length(1, 200)
  lastName?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth.' })
  birthDate?: string;

  @Field(() => Sex, { nullable: true, description: 'Sex as recorded in the civil registry.' })
  sex?: Sex;

  @Field(() => String, { nullable: true, description: 'Commune of birth.' })
  @IsOptional()
  @Length(1, 200)
  birthplace?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the commune of residence (code commune INSEE, 5 characters), e.g. 44109; never the address.' })
  @IsOptional()
  @Matches(INSEE_COMMUNE_CODE, { message: 'communeCode must be an INSEE commune code (5 characters, e.g. 44109)' })
  communeCode?: string | null;
}
