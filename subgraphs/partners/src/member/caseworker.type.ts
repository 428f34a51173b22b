import { Access } from '@passerelle/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A member of the département or the CRIP as the people around a child meet them: a child's
 * référent ASE, an evaluator (issue 13). Its id is the member's (PartnerMember) id. What a
 * school reads of "who is the ASE referent": a name, a role, a professional phone and email —
 * the protected-status row of the matrix, not the administration of members. Only members of a
 * département or a CRIP are caseworkers: any other id resolves to null.
 */
@Directive('@key(fields: "id")')
@Access('PROTECTED_STATUS')
@ObjectType({ description: 'A caseworker of the département or the CRIP (référent ASE, évaluateur): their professional contact.' })
export class Caseworker {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'The member’s id (PartnerMember).' })
  id!: string;

  @Field({ nullable: true, description: 'First name. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  firstName!: string;

  @Field({ nullable: true, description: 'Family name. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  lastName!: string;

  @Field({ nullable: true, description: 'Role (fonction), e.g. “Référente ASE”. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'Professional phone number; null when not recorded. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  phone!: string | null;

  @Field({ nullable: true, description: 'Professional email. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  email!: string;

  @Field({ nullable: true, description: 'Whether they still act for the département or the CRIP. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  active!: boolean;
}
