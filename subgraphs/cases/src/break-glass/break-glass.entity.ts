import { Access } from '@passerelle/common';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A break-glass grant (issue 13): a département caseworker's explicit, audited access, for an
 * emergency, to a child outside their slice (another team's, not in their caseload), for a
 * bounded time (`BREAK_GLASS_HOURS`). Written only by the `breakGlass` mutation, never changed
 * afterwards; the request that wrote it is in the audit trail with the child and the category
 * BREAK_GLASS, the reason is kept here, and the managers list every grant (`breakGlassGrants`).
 */
@Access('BREAK_GLASS')
@ObjectType({ description: 'An access “outside my team” a département caseworker opened for an emergency (bris de glace): to one child, for a bounded time, with its reason.' })
@Entity({ schema: 'cases', name: 'break_glass' })
export class BreakGlassGrant {
  @Field(() => ID, { description: 'Stable identifier of the grant.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `child`. */
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Exposed as `member`. */
  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  /** The institution the member acted for (the département). */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Field({ description: 'Why the caseworker needed the child’s file, as they wrote it.' })
  @Column({ type: 'text' })
  reason!: string;

  @Field({ description: 'When the grant was opened.' })
  @Column({ name: 'granted_at', type: 'timestamptz' })
  grantedAt!: Date;

  @Field({ description: 'When the grant ends: the child leaves the caseworker’s slice at that instant.' })
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
