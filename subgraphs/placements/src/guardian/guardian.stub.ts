import { Access } from '@passerelle/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The cases subgraph's Guardian, referenced (not extended) by visit rights. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({
  description: 'A holder of parental authority (titulaire de l’autorité parentale; owned by the cases subgraph).',
})
export class Guardian {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the guardian across Passerelle.' })
  id!: string;
}
