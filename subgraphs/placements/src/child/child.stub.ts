import { Access } from '@passerelle/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The cases subgraph's Child, as this subgraph knows it: its key, to hang placements on. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A child known to the service (owned by the cases subgraph).' })
export class Child {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the child across Passerelle.' })
  id!: string;
}
