import { Access } from '@passerelle/common';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

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
    DEPARTMENT: { description: 'A service of the département (ASE).' },
    OBSERVATORY: { description: 'A child-protection observatory (ODPE, ONPE).' },
  },
});

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

  @Field({ description: 'Name of the institution.' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Natural code: UAI for a school, SIRET for an association, FINESS where it has one.',
  })
  @Column({ type: 'text', nullable: true, unique: true })
  code!: string | null;

  @Field({ description: 'Commune of the institution.' })
  @Column({ type: 'text' })
  commune!: string;

  @Field({ description: 'INSEE code of the commune.' })
  @Column({ name: 'commune_code', type: 'text' })
  communeCode!: string;

  @Field({ description: 'Whether the institution still takes part (a closed one gets no access).' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Field(() => Int, { description: 'Revision of this record, for optimistic locking.' })
  @VersionColumn()
  version!: number;
}
