import { Access } from '@passerelle/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The cases subgraph's Measure (mesure), as this subgraph knows it: its key, to hang the
 * placements that carry it out on. `closedOn` is read from cases through `@requires`
 * (see measure-review.resolver.ts): it arrives in the representation the gateway sends.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A protection measure (mesure; owned by the cases subgraph).' })
export class Measure {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the measure across Passerelle.' })
  id!: string;

  /** Filled by the gateway from cases when a field `@requires` it; never stored here. */
  closedOn?: string | null;
}
