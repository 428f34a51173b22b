import { ArrayMaxSize, IsEmail, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new person acting for an institution.' })
export class CreatePartnerMemberInput {
  @Field(() => ID, { description: 'The institution they act for.' })
  partnerId!: string;

  @Field({ description: 'First name.' })
  @MinLength(1)
  @MaxLength(100)
  firstName!: string;

  @Field({ description: 'Family name.' })
  @MinLength(1)
  @MaxLength(100)
  lastName!: string;

  @Field({ description: 'Role within the institution.' })
  @MinLength(1)
  @MaxLength(200)
  role!: string;

  @Field({ description: 'Professional email (unique; stored lower-case).' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => String, { nullable: true, description: 'Professional phone number.' })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;
}

@InputType({ description: 'Changes to a member: only the fields given change.' })
export class UpdatePartnerMemberInput {
  @Field({ nullable: true, description: 'First name.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @Field({ nullable: true, description: 'Family name.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;

  @Field({ nullable: true, description: 'Role within the institution.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  role?: string;

  @Field({ nullable: true, description: 'Professional email (unique; stored lower-case).' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Field(() => String, { nullable: true, description: 'Professional phone number; null clears it.' })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field({ nullable: true, description: 'Whether the person may still act for the institution.' })
  @IsOptional()
  active?: boolean;
}

@InputType({ description: 'A member’s rights in Passerelle: only the fields given change (an explicit null clears teamId or oidcSubject).' })
export class MemberAccessInput {
  @Field(() => [String], { nullable: true, description: 'The scopes the member holds, replacing those they had (each one the institution’s audience can use).' })
  @IsOptional()
  @ArrayMaxSize(20)
  scopes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'For a member of the département: MANAGER (the whole département) or CASEWORKER (their team’s communes and caseload).' })
  @IsOptional()
  accessRole?: string | null;

  @Field(() => ID, { nullable: true, description: 'For a member of the département: their territorial team (of their own institution); null: none (a caseworker then sees only their caseload).' })
  @IsOptional()
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'The identity provider’s subject (`sub`) to link (unique); null unlinks.' })
  @IsOptional()
  @MaxLength(255)
  oidcSubject?: string | null;
}
