import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The partners subgraph's Partner, referenced as a facility's operator. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'An institution taking part in Passerelle (partenaire; owned by the partners subgraph).' })
export class Partner {
  @Field(() => ID, { description: 'Stable identifier of the institution.' })
  id!: string;
}
