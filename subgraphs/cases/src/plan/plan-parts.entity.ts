import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ObjectiveStatus, PlanDomain, SignerRole } from './plan.enums';

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType('ChildPlanNeed', { description: 'A need of the child in one domain (besoin identifié).' })
@Entity({ schema: 'cases', name: 'plan_need' })
export class PlanNeed {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field(() => PlanDomain, { description: 'Domain of the need.' })
  @Column({ type: 'enum', enum: PlanDomain, enumName: 'plan_domain' })
  domain!: PlanDomain;

  @Field({ description: 'The need, in words.' })
  @Column({ type: 'text' })
  description!: string;

  @Field(() => Int, { description: 'Order in the plan.' })
  @Column({ type: 'integer' })
  position!: number;
}

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType('ChildPlanObjective', { description: 'An objective of the PPE (objectif), with who carries it and by when.' })
@Entity({ schema: 'cases', name: 'plan_objective' })
export class PlanObjective {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field(() => PlanDomain, { description: 'Domain of the objective.' })
  @Column({ type: 'enum', enum: PlanDomain, enumName: 'plan_domain' })
  domain!: PlanDomain;

  @Field({ description: 'The objective, in words.' })
  @Column({ type: 'text' })
  description!: string;

  @Field({ description: 'Who is responsible for it (porteur): a person or a service.' })
  @Column({ type: 'text' })
  owner!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'By when it should be reached (échéance).' })
  @Column({ name: 'target_date', type: 'date', nullable: true })
  targetDate!: string | null;

  @Field(() => ObjectiveStatus, { description: 'Open, achieved or abandoned.' })
  @Column({ type: 'enum', enum: ObjectiveStatus, enumName: 'objective_status' })
  status!: ObjectiveStatus;

  @Field(() => Int, { description: 'Order in the plan.' })
  @Column({ type: 'integer' })
  position!: number;
}

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType('ChildPlanAction', { description: 'An action towards an objective (action), with who does it and by when.' })
@Entity({ schema: 'cases', name: 'plan_action' })
export class PlanAction {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'objective_id', type: 'uuid' })
  objectiveId!: string;

  @Field({ description: 'The action, in words.' })
  @Column({ type: 'text' })
  description!: string;

  @Field({ description: 'Who carries it out.' })
  @Column({ type: 'text' })
  owner!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'By when.' })
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it was done; null while pending.' })
  @Column({ name: 'done_on', type: 'date', nullable: true })
  doneOn!: string | null;

  @Field(() => Int, { description: 'Order under its objective.' })
  @Column({ type: 'integer' })
  position!: number;
}

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType('ChildPlanReview', { description: 'A review of the PPE (bilan, actualisation), with the child’s own words.' })
@Entity({ schema: 'cases', name: 'plan_review' })
export class PlanReview {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day of the review.' })
  @Column({ name: 'reviewed_on', type: 'date' })
  reviewedOn!: string;

  @Field({ description: 'Who led the review.' })
  @Column({ type: 'text' })
  reviewer!: string;

  @Field({ description: 'What the review found and decided.' })
  @Column({ type: 'text' })
  summary!: string;

  @Field(() => String, { nullable: true, description: 'The child’s own words, as said (parole de l’enfant, CASF L223-1-1).' })
  @Column({ name: 'child_words', type: 'text', nullable: true })
  childWords!: string | null;

  @Field({ description: 'Whether the child took part in the review.' })
  @Column({ name: 'child_present', type: 'boolean' })
  childPresent!: boolean;
}

@Access('CHILD_PLAN_OBJECTIVES')
@ObjectType('ChildPlanSignature', { description: 'A signature of the PPE (signature): who acknowledged this version, and when.' })
@Entity({ schema: 'cases', name: 'plan_signature' })
export class PlanSignature {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Field({ description: 'Name of the signer.' })
  @Column({ name: 'signer_name', type: 'text' })
  signerName!: string;

  @Field(() => SignerRole, { description: 'In what capacity they signed.' })
  @Column({ name: 'signer_role', type: 'enum', enum: SignerRole, enumName: 'plan_signer_role' })
  signerRole!: SignerRole;

  @Field(() => GraphQLLocalDate, { description: 'Day of the signature.' })
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;
}
