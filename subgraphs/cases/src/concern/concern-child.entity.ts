import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A child named by a concern (one concern can name siblings); not a GraphQL type. */
@Entity({ schema: 'cases', name: 'concern_child' })
export class ConcernChild {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'concern_id', type: 'uuid' })
  concernId!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** The concern's receipt time, copied so a child's concerns page in one indexed statement. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
