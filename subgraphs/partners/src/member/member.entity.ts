import { Access } from '@passerelle/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/**
 * A person acting for an institution. Its id is the identity an access token's `sub` maps to:
 * the token names the member, the member names the institution, the institution's kind and
 * agreements decide what the person may see.
 */
@Directive('@key(fields: "id")')
@Access('PARTNER_ADMINISTRATION')
@ObjectType({ description: 'A person acting for an institution (membre, professionnel habilité); their id is what an access token’s `sub` names.' })
@Entity({ schema: 'partners', name: 'partner_member' })
export class PartnerMember {
  @Field(() => ID, { description: 'Stable identifier of the member: the `sub` of their access tokens.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The institution: exposed as `partner`. */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Field({ description: 'First name (prénom).' })
  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Field({ description: 'Family name (nom).' })
  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Field({ description: 'Role within the institution, e.g. "Directrice d’école", "Infirmière puéricultrice" (fonction).' })
  @Column({ type: 'text' })
  role!: string;

  @Field({ description: 'Professional email, unique in Passerelle, stored lower-case (adresse professionnelle).' })
  @Column({ type: 'text' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Professional phone number.' })
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** The département member's territorial team (exposed as `team`); null: none. */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  @Field({ description: 'For a member of the département: MANAGER (reads the whole département) or CASEWORKER (their team’s communes and their caseload). Other institutions’ members: CASEWORKER, which changes nothing for them.' })
  @Column({ name: 'access_role', type: 'text', default: 'CASEWORKER' })
  accessRole!: 'MANAGER' | 'CASEWORKER';

  @Field(() => [String], {
    description:
      'The Passerelle scopes the département gave the member (audit:read, audit:dpo, webhook:admin, directory:admin…): signed in through the identity provider, the only ones they hold (setMemberAccess).',
  })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  @Field(() => String, { nullable: true, description: 'The identity provider’s subject (`sub`) linked to the member, for sign-in by subject (OIDC_MEMBER_MATCH=subject); null: none.' })
  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject!: string | null;

  @Field({ description: 'Whether the person may still act for the institution (an inactive member gets no access).' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Field(() => Int, { description: 'Revision of this record: send it back with an update (optimistic locking).' })
  @VersionColumn()
  version!: number;

  @Field({ description: 'When the member was recorded.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
