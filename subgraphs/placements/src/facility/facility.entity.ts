import { Access } from '@passerelle/common';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum FacilityKind {
  FOSTER_CARER = 'FOSTER_CARER',
  CHILDRENS_HOME = 'CHILDRENS_HOME',
  EMERGENCY_HOME = 'EMERGENCY_HOME',
  LIFE_PLACE = 'LIFE_PLACE',
  NURSERY = 'NURSERY',
  TRUSTED_THIRD_PARTY_HOME = 'TRUSTED_THIRD_PARTY_HOME',
}
registerEnumType(FacilityKind, {
  name: 'FacilityKind',
  description: 'Kind of placement setting (type de lieu d’accueil).',
  valuesConfig: {
    FOSTER_CARER: { description: 'Assistant familial (foster carer).' },
    CHILDRENS_HOME: { description: 'Maison d’enfants à caractère social (MECS).' },
    EMERGENCY_HOME: { description: 'Foyer de l’enfance (departmental emergency home).' },
    LIFE_PLACE: { description: 'Lieu de vie et d’accueil.' },
    NURSERY: { description: 'Pouponnière (children under 3).' },
    TRUSTED_THIRD_PARTY_HOME: { description: 'Home of a tiers digne de confiance (TDC).' },
  },
});

@Access('FACILITIES')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A placement setting (lieu d’accueil).' })
@Entity({ schema: 'placements', name: 'facility' })
export class Facility {
  @Field(() => ID, { description: 'Stable identifier of the facility.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Name of the facility (for a foster carer: the carer’s name).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => FacilityKind, { description: 'Kind of setting.' })
  @Column({ type: 'enum', enum: FacilityKind, enumName: 'facility_kind' })
  kind!: FacilityKind;

  @Field({ description: 'Commune where the facility is (commune).' })
  @Column({ type: 'text' })
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  @Column({ name: 'commune_code', type: 'text' })
  communeCode!: string;

  @Field(() => Int, { description: 'Approved number of places (capacité agréée).' })
  @Column({ type: 'integer' })
  capacity!: number;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
