import { agreementCategoryOf, canRead, type DataCategory, type Principal } from '@passerelle/common';

/**
 * The kinds of deadline a caseworker's list holds (issue 13), and the category of data each one
 * tells of: that a report, a hearing or an evaluation falls due for a child is itself data of
 * that category. A principal's list holds only the kinds whose category its audience reads
 * (the matrix) and its institution's agreements grant — the same decision as for the fields,
 * so that the list opens nothing its reader could not read field by field.
 */
export const DEADLINE_CATEGORIES = {
  EVALUATION: 'EVALUATION_REPORTS',
  SITUATION_REPORT: 'SITUATION_REPORTS',
  CHILD_PLAN: 'CHILD_PLAN_OBJECTIVES',
  CHILD_PLAN_REVIEW: 'CHILD_PLAN_OBJECTIVES',
  HEARING: 'MEASURES',
  MEASURE_END: 'MEASURES',
  AUTONOMY_INTERVIEW: 'MEASURES',
  FAMILY_COUNCIL_REVIEW: 'MEASURES',
  VISIT: 'VISIT_RIGHTS',
} as const satisfies Record<string, DataCategory>;

export type DeadlineKindName = keyof typeof DEADLINE_CATEGORIES;

export function readsDeadlineKind(principal: Principal, kind: DeadlineKindName): boolean {
  if (principal.audience === 'system') return true;
  const category = DEADLINE_CATEGORIES[kind];
  if (!canRead(principal.audience, category)) return false;
  const covering = agreementCategoryOf(category);
  return !principal.grants || !covering || principal.grants.includes(covering);
}
