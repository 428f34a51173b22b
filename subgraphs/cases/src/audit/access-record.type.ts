import { Access } from '@passerelle/common';
import { Field, ID, ObjectType } from 'type-graphql';
import { Partner } from '../partner/partner.stub';

/**
 * One access to a child's file, from the audit log (journal des accès): who, for which
 * institution, when, what operation, which categories of data, and how it ended. Parents'
 * "who has looked at my child's file" and the data-protection officer's audits read these.
 */
@Access('AUDIT_LOG')
@ObjectType({ description: 'One recorded access to a child’s file (journal des accès).' })
export class AccessRecord {
  /** Position in the chain, for the cursor. */
  seq!: string;

  @Field({ description: 'When the access happened.' })
  at!: Date;

  @Field(() => ID, { description: 'The member who acted (their PartnerMember id).' })
  member!: string;

  partnerId!: string;

  @Field(() => Partner, { nullable: true, description: 'The institution the member acted for (null when a refused token named none that could exist).' })
  partner!: Partner | null;

  @Field({ description: 'The audience the institution acted as (school, judge, …).' })
  audience!: string;

  @Field({
    description:
      'Whether the token was verified (signature, issuer, audience, expiry). False for a refused token: member, institution and audience are then only what it claimed.',
  })
  verified!: boolean;

  @Field(() => String, { nullable: true, description: 'The operation’s name, as the client sent it.' })
  operationName!: string | null;

  @Field({ description: 'query, mutation, or unknown (refused before its text could be read).' })
  operationType!: string;

  @Field({ description: 'sha256 of the operation’s text: which exact request it was.' })
  documentHash!: string;

  @Field(() => [ID], { description: 'The children whose data the operation read or wrote.' })
  children!: string[];

  @Field(() => [String], { description: 'The categories of data the operation asked for (access matrix rows).' })
  categories!: string[];

  @Field({ description: '`ok`, or `error:` and the error codes.' })
  outcome!: string;
}
