import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { AgeBand } from './age-band';

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
@ObjectType({ description: 'Approved places of a facility in one age band (capacité agréée par tranche d’âge).' })
export class AgeBandCapacity {
  @Field(() => AgeBand, { description: 'The age band.' })
  ageBand!: AgeBand;

  @Field(() => Int, { description: 'Approved places in this band.' })
  places!: number;
}

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

  /** Exposed as `operator`. */
  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'FINESS number (9 characters, numéro FINESS) for an establishment; null for foster carers and TDC homes.',
  })
  @Column({ type: 'text', nullable: true })
  finess!: string | null;

  /** Exposed as `address` (resolver): a confidential one only to whom the row policy allows. */
  @Column({ type: 'text' })
  address!: string;

  /** Exposed as `postalCode` (resolver), like the address. */
  @Column({ name: 'postal_code', type: 'text' })
  postalCode!: string;

  @Field({ description: 'Commune where the facility is (commune).' })
  @Column({ type: 'text' })
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  @Column({ name: 'commune_code', type: 'text' })
  communeCode!: string;

  @Field({
    description: 'Whether the address is confidential (adresse confidentielle: a foster family’s address, or withheld by the judge).',
  })
  @Column({ name: 'confidential_address', type: 'boolean' })
  confidentialAddress!: boolean;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the approval (date d’agrément / d’autorisation).' })
  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the approval expires (fin d’agrément); null if open-ended.' })
  @Column({ name: 'approval_expires_on', type: 'date', nullable: true })
  approvalExpiresOn!: string | null;

  @Column({ name: 'capacity_infant', type: 'integer' })
  capacityInfant!: number;

  @Column({ name: 'capacity_child', type: 'integer' })
  capacityChild!: number;

  @Column({ name: 'capacity_teen', type: 'integer' })
  capacityTeen!: number;

  @Column({ name: 'capacity_young_adult', type: 'integer' })
  capacityYoungAdult!: number;

  @Field(() => Int, { description: 'Approved number of places, all age bands together (capacité agréée).' })
  @Column({ type: 'integer', insert: false, update: false })
  capacity!: number;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}

/** The approved places of a facility in one band. */
export function placesIn(facility: Facility, band: AgeBand): number {
  switch (band) {
    case AgeBand.INFANT:
      return facility.capacityInfant;
    case AgeBand.CHILD:
      return facility.capacityChild;
    case AgeBand.TEEN:
      return facility.capacityTeen;
    case AgeBand.YOUNG_ADULT:
      return facility.capacityYoungAdult;
  }
}
