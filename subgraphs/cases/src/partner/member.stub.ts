import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A caseworker of the département or the CRIP (a child's référent, an evaluator), owned by the
 * partners subgraph: this subgraph stores member ids only and never reads partners' tables; the
 * gateway resolves their contact from partners.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A caseworker of the département or the CRIP (référent ASE, évaluateur), owned by the partners subgraph.' })
export class Caseworker {
  @Field(() => ID, { description: 'The member’s id (PartnerMember).' })
  id!: string;
}

/** The reference for a stored member id, or null. */
export function caseworkerRef(id: string | null | undefined): Caseworker | null {
  return id ? { id } : null;
}
