import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { AgeBand } from '../facility/age-band';

export enum PlacementEndReason {
  RETURN_HOME = 'RETURN_HOME',
  TRANSFER = 'TRANSFER',
  MEASURE_ENDED = 'MEASURE_ENDED',
  MEASURE_LIFTED = 'MEASURE_LIFTED',
  ADULTHOOD = 'ADULTHOOD',
  ADOPTION = 'ADOPTION',
  BREAKDOWN = 'BREAKDOWN',
  OTHER = 'OTHER',
}
registerEnumType(PlacementEndReason, {
  name: 'PlacementEndReason',
  description: 'Why a placement ended (motif de fin de placement).',
  valuesConfig: {
    RETURN_HOME: { description: 'The child went home (retour en famille).' },
    TRANSFER: { description: 'The child moved to another facility (changement de lieu d’accueil).' },
    MEASURE_ENDED: { description: 'The measure reached its end (fin de mesure).' },
    MEASURE_LIFTED: { description: 'The judge lifted the measure (mainlevée).' },
    ADULTHOOD: { description: 'The young person came of age or left young-adult support (majorité, fin de contrat jeune majeur).' },
    ADOPTION: { description: 'The child was placed for adoption (placement en vue d’adoption).' },
    BREAKDOWN: { description: 'The placement broke down (rupture de placement, fugue).' },
    OTHER: { description: 'Another reason.' },
  },
});

@Access('PLACEMENTS')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A stay of a child in a placement setting (placement), carrying out a measure.' })
@Entity({ schema: 'placements', name: 'placement' })
export class Placement {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the placement.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The child (owned by the cases subgraph): exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `facility`. */
  @Column({ name: 'facility_id', type: 'uuid' })
  facilityId!: string;

  /** The measure carried out (owned by the cases subgraph): exposed as `measure`. */
  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  @Field(() => AgeBand, { nullable: true, description: 'Age band of the place the child takes in the facility. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @Column({ name: 'age_band', type: 'enum', enum: AgeBand, enumName: 'age_band' })
  ageBand!: AgeBand;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day in the facility (date d’entrée). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Planned last day (date de fin prévue), usually the measure’s end. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @Column({ name: 'planned_end_date', type: 'date', nullable: true })
  plannedEndDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day in the facility (date de sortie); null while it lasts. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => PlacementEndReason, { nullable: true, description: 'Why it ended (motif de sortie); null while it lasts. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @Column({ name: 'end_reason', type: 'enum', enum: PlacementEndReason, enumName: 'placement_end_reason', nullable: true })
  endReason!: PlacementEndReason | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the child was placed beyond the facility’s approved capacity (accueil en surnombre); null when within capacity. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.',
  })
  @Column({ name: 'capacity_override_reason', type: 'text', nullable: true })
  capacityOverrideReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Revision of this record, for optimistic locking. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PLACEMENTS.' })
  @VersionColumn()
  version!: number;
}
