import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum Sex {
  F = 'F',
  M = 'M',
  X = 'X',
}
registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex as recorded in the civil registry (sexe à l’état civil); X when unknown or not stated.',
  valuesConfig: {
    F: { description: 'Female (féminin).' },
    M: { description: 'Male (masculin).' },
    X: { description: 'Unknown or not stated (non renseigné).' },
  },
});

@Access('CHILD_IDENTITY')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A child known to the service (enfant, mineur; jeune majeur from 18 to 21).' })
@Entity({ schema: 'cases', name: 'child' })
export class Child {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the child across Passerelle.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ nullable: true, description: 'First names, in civil-registry order (prénoms). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @Column({ name: 'first_names', type: 'text' })
  firstNames!: string;

  @Field({ nullable: true, description: 'Family name (nom de famille). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth (date de naissance). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Field(() => Sex, { nullable: true, description: 'Sex as recorded in the civil registry. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @Column({ type: 'enum', enum: Sex, enumName: 'sex' })
  sex!: Sex;

  @Field(() => String, { nullable: true, description: 'Commune of birth (lieu de naissance). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @Column({ type: 'text', nullable: true })
  birthplace!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the commune of residence (code commune de résidence), e.g. 44109 for Nantes; the commune only, never the address. Null when not recorded. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.',
  })
  @Column({ name: 'commune_code', type: 'text', nullable: true })
  communeCode!: string | null;

  @Access('PROTECTED_STATUS')
  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Référents are members now: read `referents`. Kept for children whose referent was typed before (issue 13).',
    description: 'Name of the child’s ASE referent as typed before référents were members; cleared when a référent member is assigned. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.',
  })
  @Column({ name: 'referent_name', type: 'text', nullable: true })
  referentName!: string | null;

  @Access('PROTECTED_STATUS')
  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Référents are members now: read `referents`. Kept for children whose referent was typed before (issue 13).',
    description: 'Phone number of the ASE referent as typed before référents were members; cleared when a référent member is assigned. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.',
  })
  @Column({ name: 'referent_phone', type: 'text', nullable: true })
  referentPhone!: string | null;

  /** Accent- and case-free "first names last name" for search (see child.search.ts); not exposed. */
  @Column({ name: 'search_name', type: 'text' })
  searchName!: string;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @VersionColumn()
  version!: number;

  @Field({ nullable: true, description: 'When the child was first recorded in Passerelle. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
