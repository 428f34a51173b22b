import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A person acting for an institution, owned by the partners subgraph: this subgraph stores and
 * hands out member ids only (a child's référents, an evaluation's binôme) and never reads
 * partners' tables; the gateway resolves the rest from partners.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A person acting for an institution (membre), owned by the partners subgraph.' })
export class PartnerMember {
  @Field(() => ID, { description: 'Stable identifier of the member.' })
  id!: string;
}

/** The reference for a stored member id, or null. */
export function memberRef(id: string | null | undefined): PartnerMember | null {
  return id ? { id } : null;
}
