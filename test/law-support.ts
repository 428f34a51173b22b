import { partnerId } from '@passerelle/common';
import { addDays, data, run, todayInFrance } from './cases-support';
import type { As, TestStack } from './support/stack';

/**
 * Children and measures the law accepts (subgraphs/common/src/law/measures.ts), for tests that
 * need a real measure: a placement carries out a measure in force, of the same child, of a kind
 * that allows one.
 */

/** The birth date of a child who is `years` old today (and `days` more). */
export function bornYearsAgo(years: number, days = 30): string {
  const today = todayInFrance();
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return addDays(`${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`, -days);
}

/** A new child (the département writes it), living in Nantes (the first court's jurisdiction). */
export async function createChild(stack: TestStack, birthDate: string, communeCode = '44109'): Promise<string> {
  const created = await run(stack, `mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }`, {
    input: { firstNames: 'Léa', lastName: 'Loi', birthDate, sex: 'F', communeCode },
  });
  return created.createChild.id;
}

const JUDICIAL = new Set(['AEMO', 'EMERGENCY_ORDER', 'COURT_PLACEMENT', 'TRUSTED_THIRD_PARTY', 'DELEGATION_OF_PARENTAL_AUTHORITY']);

/** The input of a lawful measure of `kind` starting `startDate` (today by default), decided by the first court when judicial. */
export function measureInput(childId: string, kind: string, extra: Record<string, unknown> = {}) {
  const startDate = (extra.startDate as string | undefined) ?? todayInFrance();
  const judicial = JUDICIAL.has(kind);
  return {
    childId,
    kind,
    judicial,
    startDate,
    ...(judicial ? { courtId: partnerId('COURT', 0), decisionDate: startDate } : {}),
    ...extra,
  };
}

/** Proposes and activates a measure; answers its id, version, dates. */
export async function openMeasure(stack: TestStack, childId: string, kind: string, extra: Record<string, unknown> = {}, as?: As) {
  const proposed = data(await stack.query<any>(`mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version } }`, { input: measureInput(childId, kind, extra) }, as)).proposeMeasure;
  const active = data(await stack.query<any>(`mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { id version startDate plannedEndDate } }`, { input: { id: proposed.id, version: proposed.version } }, as)).activateMeasure;
  return active as { id: string; version: number; startDate: string; plannedEndDate: string };
}

/** A child of `age` with a court placement in force from `startDate`: what a placement needs. */
export async function placeableChild(stack: TestStack, age: number, startDate = todayInFrance()): Promise<{ childId: string; measureId: string }> {
  const childId = await createChild(stack, bornYearsAgo(age));
  const measure = await openMeasure(stack, childId, 'COURT_PLACEMENT', { startDate, decisionDate: startDate < todayInFrance() ? startDate : todayInFrance() });
  return { childId, measureId: measure.id };
}
