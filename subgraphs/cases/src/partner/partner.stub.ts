import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * An institution owned by the partners subgraph (a school that sent a concern, a court, a
 * parquet, an association carrying out a measure): this subgraph only stores and hands out its id.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'An institution taking part in Passerelle (partenaire), owned by the partners subgraph.' })
export class Partner {
  @Field(() => ID, { description: 'Stable identifier of the institution.' })
  id!: string;
}

/** The reference for a stored partner id, or null. */
export function partnerRef(id: string | null | undefined): Partner | null {
  return id ? { id } : null;
}
