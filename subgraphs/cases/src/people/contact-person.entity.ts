import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum ContactRole {
  AUTHORISED_PICKUP = 'AUTHORISED_PICKUP',
  BARRED_FROM_CONTACT = 'BARRED_FROM_CONTACT',
}
registerEnumType(ContactRole, {
  name: 'ChildContactRole',
  description: 'What a person around the child may or may not do.',
  valuesConfig: {
    AUTHORISED_PICKUP: { description: 'May pick the child up, e.g. at school (personne autorisée à venir chercher l’enfant).' },
    BARRED_FROM_CONTACT: { description: 'Must not meet or contact the child, by a decision (interdiction de contact).' },
  },
});

export enum BarringDecisionKind {
  COURT_ORDER = 'COURT_ORDER',
  PLACEMENT_DECISION = 'PLACEMENT_DECISION',
}
registerEnumType(BarringDecisionKind, {
  name: 'BarringDecisionKind',
  description: 'The kind of decision that bars a person from contact with the child.',
  valuesConfig: {
    COURT_ORDER: { description: 'A judge’s order (ordonnance, jugement).' },
    PLACEMENT_DECISION: { description: 'The placement decision (décision de placement) setting the contacts.' },
  },
});

@Access('PARENTAL_AUTHORITY')
@ObjectType('ChildContactPerson', {
  description:
    'A person around the child who is not a holder of parental authority: authorised to pick the child up, or barred from contact.',
})
@Entity({ schema: 'cases', name: 'contact_person' })
export class ContactPerson {
  @Field(() => ID, { description: 'Stable identifier of this person’s entry.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Field(() => ContactRole, { description: 'Authorised to pick up, or barred from contact.' })
  @Column({ type: 'enum', enum: ContactRole, enumName: 'contact_role' })
  role!: ContactRole;

  @Field({ description: 'First names (prénoms).' })
  @Column({ name: 'first_names', type: 'text' })
  firstNames!: string;

  @Field({ description: 'Family name (nom).' })
  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Field({ description: 'Relationship to the child, in words, e.g. "grand-mère", "voisine", "beau-père".' })
  @Column({ type: 'text' })
  relationship!: string;

  @Field(() => String, { nullable: true, description: 'Phone number (téléphone).' })
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Field(() => BarringDecisionKind, { nullable: true, description: 'For a barred person: the kind of decision that says so.' })
  @Column({ name: 'decision_kind', type: 'enum', enum: BarringDecisionKind, enumName: 'barring_decision_kind', nullable: true })
  decisionKind!: BarringDecisionKind | null;

  @Field(() => String, { nullable: true, description: 'For a barred person: the reference of the decision (numéro de la décision).' })
  @Column({ name: 'decision_reference', type: 'text', nullable: true })
  decisionReference!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'For a barred person: the date of the decision.' })
  @Column({ name: 'decision_date', type: 'date', nullable: true })
  decisionDate!: string | null;

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;
}
