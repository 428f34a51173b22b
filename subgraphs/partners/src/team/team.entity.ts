import { Access } from '@passerelle/common';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A territorial team of the département (territoire d'action sociale, circonscription): the
 * communes it covers (INSEE codes). A caseworker of the team reads the children living there
 * (issue 13, the département's own slice); the communes travel in the signed principal.
 */
@Access('PARTNER_ADMINISTRATION')
@ObjectType({ description: 'A territorial team of the département (territoire d’action sociale): the communes it covers.' })
@Entity({ schema: 'partners', name: 'team' })
export class Team {
  @Field(() => ID, { description: 'Stable identifier of the team.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The institution (the département). */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Field({ description: 'Short code, unique within the institution (e.g. TAS_NANTES).' })
  @Column({ type: 'text' })
  code!: string;

  @Field({ description: 'Name (e.g. Territoire d’action sociale de Nantes).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => [String], { description: 'INSEE codes of the communes the team covers: its caseworkers read the children living there.' })
  @Column({ type: 'text', array: true })
  communes!: string[];
}
