import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { JurisdictionCommune } from './jurisdiction';

export enum PartnerKind {
  SCHOOL = 'SCHOOL',
  PMI = 'PMI',
  COURT = 'COURT',
  PROSECUTOR = 'PROSECUTOR',
  ASSOCIATION = 'ASSOCIATION',
  CRIP = 'CRIP',
  SNATED = 'SNATED',
  HOSPITAL = 'HOSPITAL',
  POLICE = 'POLICE',
  TOWN_HALL = 'TOWN_HALL',
  PRIVATE_PRACTICE = 'PRIVATE_PRACTICE',
  DEPARTMENT = 'DEPARTMENT',
  OBSERVATORY = 'OBSERVATORY',
}
registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'Kind of institution taking part in child protection.',
  valuesConfig: {
    SCHOOL: { description: 'A school (école, collège, lycée), identified by its UAI code.' },
    PMI: { description: 'A centre of protection maternelle et infantile.' },
    COURT: { description: 'A children’s court (tribunal judiciaire, juge des enfants).' },
    PROSECUTOR: { description: 'A prosecutor’s office (parquet).' },
    ASSOCIATION: { description: 'An association running facilities or carrying out measures (SIRET).' },
    CRIP: { description: 'The département’s cellule de recueil des informations préoccupantes.' },
    SNATED: { description: 'The national 119 line (SNATED).' },
    HOSPITAL: { description: 'A hospital.' },
    POLICE: { description: 'Police or gendarmerie.' },
    TOWN_HALL: { description: 'A town hall (mairie) or its social services (CCAS).' },
    PRIVATE_PRACTICE: { description: 'A professional in private practice (médecin, psychologue, infirmier libéral).' },
    DEPARTMENT: { description: 'A service of the département (ASE).' },
    OBSERVATORY: { description: 'A child-protection observatory (ODPE, ONPE).' },
  },
});

/** Kinds whose rows carry a jurisdiction (the communes they cover). */
export const KINDS_WITH_JURISDICTION: readonly PartnerKind[] = [PartnerKind.COURT, PartnerKind.PROSECUTOR];

@Access('DIRECTORY')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An institution taking part in Passerelle (partenaire).' })
@Entity({ schema: 'partners', name: 'partner' })
export class Partner {
  @Field(() => ID, { description: 'Stable identifier of the institution.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => PartnerKind, { description: 'Kind of institution.' })
  @Column({ type: 'enum', enum: PartnerKind, enumName: 'partner_kind' })
  kind!: PartnerKind;

  @Field({ description: 'Name of the institution (raison sociale, dénomination).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'UAI code of a school (code UAI, ex-RNE); every school has one.' })
  @Column({ type: 'text', nullable: true })
  uai!: string | null;

  @Field(() => String, { nullable: true, description: 'SIRET number (14 digits); every association has one.' })
  @Column({ type: 'text', nullable: true })
  siret!: string | null;

  @Field(() => String, { nullable: true, description: 'FINESS number of a health or social establishment (9 characters), where it has one.' })
  @Column({ type: 'text', nullable: true })
  finess!: string | null;

  @Field(() => String, { nullable: true, description: 'Street address (adresse).' })
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (code postal).' })
  @Column({ name: 'postal_code', type: 'text', nullable: true })
  postalCode!: string | null;

  @Field({ description: 'Commune of the institution.' })
  @Column({ type: 'text' })
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  @Column({ name: 'commune_code', type: 'text' })
  communeCode!: string;

  @Field(() => String, { nullable: true, description: 'Switchboard or desk phone number (standard).' })
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Institutional contact email (adresse de contact).' })
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Field({ description: 'Whether the institution still takes part (a closed one gets no access).' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the institution closed or left Passerelle (fermeture); null while active.' })
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @Field(() => [JurisdictionCommune], {
    description: 'For a court or a parquet, the communes it covers (ressort); empty for other kinds.',
  })
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  jurisdiction!: JurisdictionCommune[];

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @Field({ description: 'When the institution was recorded in Passerelle.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The code an institution is best known by: UAI, else SIRET, else FINESS. */
export function naturalCode(partner: Pick<Partner, 'uai' | 'siret' | 'finess'>): string | null {
  return partner.uai ?? partner.siret ?? partner.finess;
}
