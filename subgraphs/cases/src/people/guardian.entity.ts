import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum GuardianRelationship {
  MOTHER = 'MOTHER',
  FATHER = 'FATHER',
  LEGAL_GUARDIAN = 'LEGAL_GUARDIAN',
  DEPARTMENT = 'DEPARTMENT',
  OTHER = 'OTHER',
}
registerEnumType(GuardianRelationship, {
  name: 'GuardianRelationship',
  description: 'How a holder of parental authority is related to the child (lien avec l’enfant).',
  valuesConfig: {
    MOTHER: { description: 'The mother (mère).' },
    FATHER: { description: 'The father (père).' },
    LEGAL_GUARDIAN: { description: 'A guardian appointed by the judge (tuteur).' },
    DEPARTMENT: { description: 'The département itself, e.g. for a ward of the State (pupille) or a delegation of parental authority.' },
    OTHER: { description: 'Another person holding parental authority (délégataire).' },
  },
});

@Directive('@key(fields: "id")')
@Access('PARENTAL_AUTHORITY')
@ObjectType({ description: 'A holder of parental authority over a child (titulaire de l’autorité parentale), with contact details.' })
@Entity({ schema: 'cases', name: 'guardian' })
export class Guardian {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the guardian.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Field({ nullable: true, description: 'First names (prénoms). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ name: 'first_names', type: 'text' })
  firstNames!: string;

  @Field({ nullable: true, description: 'Family name (nom). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Field(() => GuardianRelationship, { nullable: true, description: 'Relationship to the child (lien). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ type: 'enum', enum: GuardianRelationship, enumName: 'guardian_relationship' })
  relationship!: GuardianRelationship;

  @Field(() => String, { nullable: true, description: 'Phone number (téléphone). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Email address (courriel). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address (adresse). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Day the person stopped holding parental authority (retrait, délégation, tutelle); null while they hold it. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.',
  })
  @Column({ name: 'authority_ended_on', type: 'date', nullable: true })
  authorityEndedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The decision or event that ended it. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @Column({ name: 'authority_end_reason', type: 'text', nullable: true })
  authorityEndReason!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
