import { IsEmail, IsOptional, Length, Matches, ValidateIf } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PHONE } from '../child/child.input';
import { BarringDecisionKind, ContactRole } from './contact-person.entity';
import { GuardianRelationship } from './guardian.entity';

@InputType({ description: 'A holder of parental authority to record for a child.' })
export class AddGuardianInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field({ description: 'First names.' })
  @Length(1, 200)
  firstNames!: string;

  @Field({ description: 'Family name.' })
  @Length(1, 200)
  lastName!: string;

  @Field(() => GuardianRelationship, { description: 'Relationship to the child.' })
  relationship!: GuardianRelationship;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @IsOptional()
  @Length(1, 500)
  address?: string | null;
}

@InputType({ description: 'Changes to a guardian’s contact details: absent fields are left as they are, null clears one.' })
export class UpdateGuardianInput {
  @Field(() => ID, { description: 'The guardian.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @IsOptional()
  @Length(1, 500)
  address?: string | null;
}

@InputType('AddChildContactPersonInput', { description: 'A person around the child: authorised to pick the child up, or barred from contact by a decision.' })
export class AddContactPersonInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => ContactRole, { description: 'Authorised pick-up, or barred from contact.' })
  role!: ContactRole;

  @Field({ description: 'First names.' })
  @Length(1, 200)
  firstNames!: string;

  @Field({ description: 'Family name.' })
  @Length(1, 200)
  lastName!: string;

  @Field({ description: 'Relationship to the child, in words.' })
  @Length(1, 200)
  relationship!: string;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => BarringDecisionKind, { nullable: true, description: 'Required for a barred person: the kind of decision.' })
  decisionKind?: BarringDecisionKind | null;

  @Field(() => String, { nullable: true, description: 'Reference of the decision.' })
  @ValidateIf((_, v) => v != null)
  @Length(1, 200)
  decisionReference?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Required for a barred person: date of the decision.' })
  decisionDate?: string | null;
}

@InputType({ description: 'A guardian no longer holds parental authority (retrait, délégation, tutelle). The record stays, for the history.' })
export class EndParentalAuthorityInput {
  @Field(() => ID, { description: 'The guardian.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Day it ended.' })
  endedOn!: string;

  @Field({ description: 'The decision or event that ended it, e.g. "Jugement de délégation du 12/03/2026".' })
  @Length(1, 2000)
  reason!: string;
}
