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

  @Field(() => Partner, { description: 'The institution the member acted for.' })
  partner!: Partner;

  @Field({ description: 'The audience the institution acted as (school, judge, …).' })
  audience!: string;

  @Field(() => String, { nullable: true, description: 'The operation’s name, as the client sent it.' })
  operationName!: string | null;

  @Field({ description: 'query or mutation.' })
  operationType!: string;

  @Field({ description: 'sha256 of the operation’s text: which exact request it was.' })
  documentHash!: string;

  @Field(() => [String], { description: 'The categories of data the operation asked for (access matrix rows).' })
  categories!: string[];

  @Field({ description: '`ok`, or `error:` and the error codes.' })
  outcome!: string;
}
