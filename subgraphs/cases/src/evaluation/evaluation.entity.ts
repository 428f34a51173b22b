import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum EvaluationStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  CONCLUDED = 'CONCLUDED',
}
registerEnumType(EvaluationStatus, {
  name: 'EvaluationStatus',
  description: 'Where an evaluation stands.',
  valuesConfig: {
    IN_PROGRESS: { description: 'Under way (en cours).' },
    CONCLUDED: { description: 'Concluded, with an outcome (conclue).' },
  },
});

export enum EvaluationOutcome {
  CLOSED_NO_ACTION = 'CLOSED_NO_ACTION',
  ADMINISTRATIVE_SUPPORT = 'ADMINISTRATIVE_SUPPORT',
  REFERRED_TO_PROSECUTOR = 'REFERRED_TO_PROSECUTOR',
}
registerEnumType(EvaluationOutcome, {
  name: 'EvaluationOutcome',
  description: 'The conclusion of an evaluation (CASF D226-2-6); it becomes the concern’s status.',
  valuesConfig: {
    CLOSED_NO_ACTION: { description: 'No danger or risk found: closed (classement sans suite).' },
    ADMINISTRATIVE_SUPPORT: { description: 'Support by the ASE with the parents’ agreement (proposition de prestation).' },
    REFERRED_TO_PROSECUTOR: { description: 'Reasoned referral to the judicial authority (signalement).' },
  },
});

@Access('EVALUATION_REPORTS')
@ObjectType({
  description:
    'The multidisciplinary evaluation of a concern, by two professionals (évaluation en binôme), due at most 3 months after receipt.',
})
@Entity({ schema: 'cases', name: 'evaluation' })
export class Evaluation {
  @Field(() => ID, { nullable: true, description: 'Stable identifier of the evaluation. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Exposed as `concern`. */
  @Column({ name: 'concern_id', type: 'uuid' })
  concernId!: string;

  /** Exposed as `evaluators`: the binôme, two distinct partners members (département or CRIP). Null for evaluations recorded before (names only). */
  @Column({ name: 'first_evaluator_id', type: 'uuid', nullable: true })
  firstEvaluatorId!: string | null;

  @Column({ name: 'second_evaluator_id', type: 'uuid', nullable: true })
  secondEvaluatorId!: string | null;

  @Field(() => String, { nullable: true, deprecationReason: 'Evaluators are members now: read `evaluators`. Kept for evaluations recorded before (issue 13).', description: 'Name of the first evaluator, as typed for an evaluation recorded before evaluators were members; null for the others. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'first_evaluator', type: 'text', nullable: true })
  firstEvaluator!: string | null;

  @Field(() => String, { nullable: true, deprecationReason: 'Evaluators are members now: read `evaluators`. Kept for evaluations recorded before (issue 13).', description: 'Name of the second evaluator, as typed for an evaluation recorded before evaluators were members; null for the others. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'second_evaluator', type: 'text', nullable: true })
  secondEvaluator!: string | null;

  @Field({ nullable: true, description: 'When the evaluation started. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it must be concluded (échéance): from receipt, shorter when urgent. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Field(() => EvaluationStatus, { nullable: true, description: 'In progress or concluded. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'enum', enum: EvaluationStatus, enumName: 'evaluation_status' })
  status!: EvaluationStatus;

  @Field(() => String, { nullable: true, description: 'What the evaluators found (éléments d’évaluation). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'text', nullable: true })
  findings!: string | null;

  @Field(() => String, { nullable: true, description: 'What the evaluators recommend (préconisations). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'text', nullable: true })
  recommendation!: string | null;

  @Field(() => EvaluationOutcome, { nullable: true, description: 'The conclusion; null while in progress. Also null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ type: 'enum', enum: EvaluationOutcome, enumName: 'evaluation_outcome', nullable: true })
  outcome!: EvaluationOutcome | null;

  @Field(() => Date, { nullable: true, description: 'When it was concluded. Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true })
  concludedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Revision of this record: send it back with an update (optimistic locking). Null, with a FORBIDDEN error, when the institution’s agreements do not grant EVALUATION_REPORTS.' })
  @VersionColumn()
  version!: number;
}
