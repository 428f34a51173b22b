import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DeadlineKindName } from '../access/deadline-kinds';

export enum DeadlineKind {
  EVALUATION = 'EVALUATION',
  SITUATION_REPORT = 'SITUATION_REPORT',
  CHILD_PLAN = 'CHILD_PLAN',
  CHILD_PLAN_REVIEW = 'CHILD_PLAN_REVIEW',
  HEARING = 'HEARING',
  MEASURE_END = 'MEASURE_END',
  AUTONOMY_INTERVIEW = 'AUTONOMY_INTERVIEW',
  FAMILY_COUNCIL_REVIEW = 'FAMILY_COUNCIL_REVIEW',
  VISIT = 'VISIT',
}
registerEnumType(DeadlineKind, {
  name: 'DeadlineKind',
  description: 'What falls due (échéance) in a caseworker’s day.',
  valuesConfig: {
    EVALUATION: { description: 'An evaluation in progress must be concluded (CASF D226-2-4): its due date.' },
    SITUATION_REPORT: { description: 'A situation report must be written and sent (CASF L223-5): its due date.' },
    CHILD_PLAN: { description: 'The projet pour l’enfant must be drawn up within 3 months of the measure (CASF L223-1-1): no plan in force yet.' },
    CHILD_PLAN_REVIEW: { description: 'The projet pour l’enfant in force is updated at each situation report (CASF L223-1-1, D223-13): the next report’s due date.' },
    HEARING: { description: 'A hearing is scheduled; past and with no outcome recorded, it is overdue.' },
    MEASURE_END: { description: 'A measure in force reaches its planned end: renew, end or ask for mainlevée.' },
    AUTONOMY_INTERVIEW: { description: 'The autonomy interview at 17 of a child in care (CASF L222-5-1); Passerelle records no interview held, so it stays listed while the measure lasts.' },
    FAMILY_COUNCIL_REVIEW: { description: 'A ward of the State: the family council’s next review (CASF L224-4).' },
    VISIT: { description: 'A visit planned under a visit right (placements); past and neither held nor cancelled, it is overdue.' },
  },
});

// Same spelling in both directions: the policy's names are the enum's values.
const _sameNames: Record<DeadlineKindName, DeadlineKind> = DeadlineKind;
void _sameNames;

@Access('CASELOAD')
@ObjectType({ description: 'Something that falls due for a child of the caseload (échéance).' })
export class Deadline {
  @Field(() => ID, { description: 'Stable identifier of the deadline: its kind and its subject’s id.' })
  id!: string;

  @Field(() => DeadlineKind, { description: 'What falls due.' })
  kind!: DeadlineKind;

  @Field(() => GraphQLLocalDate, { description: 'The day it falls due, as the law or the record sets it (the law’s derived dates: law/measures.ts).' })
  dueOn!: string;

  @Field({ description: 'Whether it is past due today (en retard).' })
  overdue!: boolean;

  @Field(() => Int, { description: 'Days from today to the due date; negative when overdue.' })
  daysLeft!: number;

  @Field(() => ID, { description: 'The record it is about: the evaluation, situation report, hearing or measure (its id).' })
  subjectId!: string;

  /** Exposed as `child`; null for an evaluation of the member's binôme about no child of their caseload. */
  childId!: string | null;

  /** Exposed as `measure` when it is about one. */
  measureId!: string | null;
}

@Access('CASELOAD')
@ObjectType({ description: 'How many deadlines of a kind fall due, for a dashboard.' })
export class DeadlineCount {
  @Field(() => DeadlineKind, { description: 'The kind.' })
  kind!: DeadlineKind;

  @Field(() => Int, { description: 'How many are due within the window, overdue ones included.' })
  total!: number;

  @Field(() => Int, { description: 'How many of them are overdue.' })
  overdue!: number;
}

/**
 * The signed-in member's caseload (issue 13, "my children" and "my deadlines"): one object per
 * member and window. The placements subgraph extends it with the visits planned for its
 * children (`childIds`, `@requires`).
 */
@Directive('@key(fields: "memberId withinDays")')
@Access('CASELOAD')
@ObjectType({ description: 'A caseworker’s day: the children they are référent of and everything that falls due for them.' })
export class Caseload {
  @Field(() => ID, { description: 'The member (their PartnerMember id: the signed-in one).' })
  memberId!: string;

  @Field(() => Int, { description: 'The window asked, in days from today.' })
  withinDays!: number;

  @Field(() => GraphQLLocalDate, { description: 'The last day of the window: deadlines due by then are listed, overdue ones included.' })
  dueBy!: string;

  @Field(() => Int, { description: 'How many children the member is a current référent of.' })
  childCount!: number;

  @Directive('@inaccessible')
  @Field(() => [ID], { description: 'Passerelle’s own use (the placements subgraph’s visits): the caseload’s children.' })
  childIds!: string[];

  /** Everything due in the window, in order (overdue first); paged by `deadlines`. */
  all!: Deadline[];
}
