import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum VisitRightKind {
  FREE = 'FREE',
  ACCOMPANIED = 'ACCOMPANIED',
  MEDIATED = 'MEDIATED',
  OVERNIGHT = 'OVERNIGHT',
}
registerEnumType(VisitRightKind, {
  name: 'VisitRightKind',
  description: 'How visits take place (modalités du droit de visite, CC 375-7).',
  valuesConfig: {
    FREE: { description: 'Free visits (droit de visite libre).' },
    ACCOMPANIED: { description: 'Visits accompanied by a worker (visites accompagnées).' },
    MEDIATED: { description: 'Visits in a third party’s presence (visites médiatisées).' },
    OVERNIGHT: { description: 'Visits with overnight stays (droit d’hébergement).' },
  },
});

@Directive('@key(fields: "id")')
@Access('VISIT_RIGHTS')
@ObjectType({ description: 'A right to visit a placed child set by a decision (droit de visite et d’hébergement).' })
@Entity({ schema: 'placements', name: 'visit_right' })
export class VisitRight {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the visit right.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `guardian` when the visitor holds parental authority. */
  @Column({ name: 'guardian_id', type: 'uuid', nullable: true })
  guardianId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the visitor when not a guardian (grand-parent, sibling, other relative); null when `guardian` is set. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.',
  })
  @Column({ name: 'relative_name', type: 'text', nullable: true })
  relativeName!: string | null;

  @Field(() => String, { nullable: true, description: 'The visitor’s tie to the child (lien de parenté), e.g. “grand-mère”. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ type: 'text', nullable: true })
  relationship!: string | null;

  @Field(() => VisitRightKind, { nullable: true, description: 'How visits take place. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ type: 'enum', enum: VisitRightKind, enumName: 'visit_right_kind' })
  kind!: VisitRightKind;

  @Field({ nullable: true, description: 'How often, as the decision says (fréquence), e.g. “un samedi sur deux, 14h–17h”. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ type: 'text' })
  frequency!: string;

  @Field({ nullable: true, description: 'Where visits take place (lieu), e.g. a mediation service or the family home. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ type: 'text' })
  place!: string;

  @Field({ nullable: true, description: 'The decision that set this right (décision: judgment or ASE decision and its reference). Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ type: 'text' })
  decision!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of that decision. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day the right applies. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day the right applies; null while it stands. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record, for optimistic locking. Null, with a FORBIDDEN error, when the institution’s agreements do not grant VISIT_RIGHTS.' })
  @VersionColumn()
  version!: number;
}
