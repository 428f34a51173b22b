import { autonomyInterviewDueOn, measureRule } from '@passerelle/common';
import type { Measure } from './measure.entity';

/** Whether a measure of this kind takes a minor in care, and so calls for the autonomy interview at 17. */
export function takesAutonomyInterview(kind: Measure['kind']): boolean {
  const rule = measureRule(kind);
  return rule.allowsPlacement && rule.ages.before === 18;
}

/**
 * When the autonomy interview of a child taken in care under this measure falls due: the law's
 * date (at 17, law/measures.ts) clipped to the measure: at its start when the child is older,
 * none when the measure ends before or does not take the child in (CASF L222-5-1). One place
 * for `Measure.autonomyInterviewDueOn` and the caseworker's deadlines.
 */
export function measureAutonomyInterviewDueOn(
  measure: Pick<Measure, 'kind' | 'startDate' | 'liftedAt' | 'endedOn' | 'plannedEndDate'>,
  birthDate: string,
): string | null {
  if (!takesAutonomyInterview(measure.kind)) return null;
  const due = autonomyInterviewDueOn(birthDate);
  const end = measure.liftedAt ?? measure.endedOn ?? measure.plannedEndDate;
  if (end && end < due) return null;
  return due < measure.startDate ? measure.startDate : due;
}
