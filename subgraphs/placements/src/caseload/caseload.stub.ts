import { Access } from '@passerelle/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * The cases subgraph's Caseload (a member's day, issue 13), as this subgraph knows it: its key,
 * to hang the visits planned for the caseload's children on. `childIds` is read from cases
 * through `@requires` (caseload.resolver.ts): it arrives in the representation the gateway sends.
 */
@Directive('@key(fields: "memberId withinDays")')
@Access('CASELOAD')
@ObjectType({ description: 'A caseworker’s day (owned by the cases subgraph).' })
export class Caseload {
  @Field(() => ID, { description: 'The member (their PartnerMember id: the signed-in one).' })
  memberId!: string;

  @Field(() => Int, { description: 'The window asked, in days from today.' })
  withinDays!: number;

  /** Filled by the gateway from cases when a field `@requires` it; never stored here. */
  childIds?: string[];
}

@Access('VISIT_RIGHTS')
@ObjectType({ description: 'How many visits are planned for a caseload’s children within its window, and how many are overdue.' })
export class CaseloadVisitCounts {
  @Field(() => Int, { description: 'Visits planned on or before the window’s last day, overdue ones included.' })
  total!: number;

  @Field(() => Int, { description: 'Of them, those whose day has passed and that are neither held nor cancelled (to record).' })
  overdue!: number;
}
