import { Access } from '@passerelle/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { ConcernChannel, ConcernSourceKind, ConcernStatus, ConcernUrgency, SenderFeedback } from './concern.enums';

@Directive('@key(fields: "id")')
@Access('CONCERN_CONTENT')
@ObjectType({
  description:
    'An information préoccupante (IP): information suggesting that one or more children are in danger or at risk (CASF R226-2-2).',
})
@Entity({ schema: 'cases', name: 'concern' })
export class Concern {
  @Access('PUBLIC')
  @Field(() => ID, { description: 'Stable identifier of the concern.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Access('OWN_CONCERN_STATUS')
  @Field({ nullable: true, description: 'When the CRIP received it (date de réception); the evaluation deadline runs from here. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.' })
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Field(() => ConcernChannel, { nullable: true, description: 'How it reached the CRIP (canal). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  @Column({ type: 'enum', enum: ConcernChannel, enumName: 'concern_channel' })
  channel!: ConcernChannel;

  @Field(() => ConcernSourceKind, { nullable: true, description: 'Who sent it (origine). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  @Column({ name: 'source_kind', type: 'enum', enum: ConcernSourceKind, enumName: 'concern_source_kind' })
  sourceKind!: ConcernSourceKind;

  /** Exposed as `sourcePartner`. */
  @Column({ name: 'source_partner_id', type: 'uuid', nullable: true })
  sourcePartnerId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'CONFIDENTIAL. Name of the person who reported it (identité de l’émetteur): the most sensitive field of the system, masked from parents. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.',
  })
  @Column({ name: 'source_person_name', type: 'text', nullable: true })
  sourcePersonName!: string | null;

  @Field(() => String, { nullable: true, description: 'CONFIDENTIAL. How to reach the person who reported it. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  @Column({ name: 'source_person_contact', type: 'text', nullable: true })
  sourcePersonContact!: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Ids the sender named in `childIds` that match no child known to the service (mistyped, or a record since merged): the CRIP matches them, with the content, to the right child. A sender outside the whole département is never told whether an id it named exists. Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.',
  })
  @Column({ name: 'unmatched_child_ids', type: 'uuid', array: true, default: () => "'{}'" })
  unmatchedChildIds!: string[];

  @Field(() => ConcernUrgency, { nullable: true, description: 'How urgent the situation is (urgence). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  @Column({ type: 'enum', enum: ConcernUrgency, enumName: 'concern_urgency' })
  urgency!: ConcernUrgency;

  @Field({ nullable: true, description: 'What was reported (contenu de l’IP). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.' })
  @Column({ type: 'text' })
  content!: string;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => ConcernStatus, {
    nullable: true,
    description:
      'Where it stands (statut). Its sender (outside the whole département) sees it as far as the CRIP told it (`senderFeedback`, CASF L226-5): RECEIVED until then; acknowledged and being processed once receipt is confirmed; the outcome once sent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.',
  })
  @Column({ type: 'enum', enum: ConcernStatus, enumName: 'concern_status' })
  status!: ConcernStatus;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => String, { nullable: true, description: 'The sender’s idempotency key: the same key from the same sender never creates two concerns. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.' })
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** Hash of the submission, to tell a replay from a different concern reusing a key. */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the parents were informed of the transmission (CASF L226-2-1); null until decided. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.',
  })
  @Column({ name: 'parents_informed', type: 'boolean', nullable: true })
  parentsInformed!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the parents were not informed: it would be against the child’s interest (motif, L226-2-1). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CONCERN_CONTENT.',
  })
  @Column({ name: 'parents_not_informed_reason', type: 'text', nullable: true })
  parentsNotInformedReason!: string | null;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => SenderFeedback, { nullable: true, description: 'What the sender has been told so far (retour à l’émetteur, L226-5). Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.' })
  @Column({ name: 'sender_feedback', type: 'enum', enum: SenderFeedback, enumName: 'sender_feedback' })
  senderFeedback!: SenderFeedback;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => Date, { nullable: true, description: 'When the sender was last told. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.' })
  @Column({ name: 'sender_informed_at', type: 'timestamptz', nullable: true })
  senderInformedAt!: Date | null;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => Date, { nullable: true, description: 'When the CRIP acknowledged it; null for its sender until told of the receipt. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.' })
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => Date, {
    nullable: true,
    description: 'When its processing ended (closed, support, or referral); null for its sender until told of the outcome. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.',
  })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Access('OWN_CONCERN_STATUS')
  @Field(() => Int, {
    nullable: true,
    description:
      'Revision of this record: send it back with an update (optimistic locking). Its sender, which never updates it, sees 1 until told anything, 2 once told of the receipt, 3 once told the outcome: not how often the record changed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant OWN_CONCERN_STATUS.',
  })
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
