import { addMonths, partnerId } from '@passerelle/common';
import { addDays, data, error, run, todayInFrance } from './cases-support';
import { sql } from './scope-cases-support';
import type { As, GraphQLResponse, TestStack } from './support/stack';

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

/** A guardian of the child (the département writes it), the mother by default. */
export async function addGuardian(stack: TestStack, childId: string, lastName = 'Loi'): Promise<string> {
  const added = await run(stack, `mutation ($input: AddGuardianInput!) { addGuardian(input: $input) { id } }`, {
    input: { childId, firstNames: 'Sophie', lastName, relationship: 'MOTHER' },
  });
  return added.addGuardian.id;
}

/** Kinds that rest on the family's written agreement (MEASURE_RULES' writtenAgreement). */
export const AGREED_KINDS = new Set(['AED', 'VOLUNTARY_CARE', 'YOUNG_ADULT']);

/**
 * Records the family's written agreement a measure of `kind` rests on, signed the day it starts
 * (a parent's for AED and VOLUNTARY_CARE — a guardian is added —, the young adult's for
 * YOUNG_ADULT), covering a year from `validFrom`.
 */
export async function recordAgreement(stack: TestStack, childId: string, kind: string, validFrom = todayInFrance(), extra: Record<string, unknown> = {}) {
  const parent = kind !== 'YOUNG_ADULT';
  const signer = parent
    ? { signerName: 'Sophie Loi', role: 'PARENT', guardianId: await addGuardian(stack, childId), signedOn: validFrom }
    : { signerName: 'Léa Loi', role: 'YOUNG_ADULT', signedOn: validFrom };
  const recorded = await run(stack, `mutation ($input: RecordFamilyAgreementInput!) { recordFamilyAgreement(input: $input) { id version validUntil } }`, {
    input: { childId, measureKind: kind, terms: 'Accompagnement éducatif, rencontres mensuelles.', validFrom, validUntil: addDays(addMonths(validFrom, 12), -1), signatures: [signer], ...extra },
  });
  return recorded.recordFamilyAgreement as { id: string; version: number; validUntil: string };
}

/** Proposes and activates a measure (on the family's written agreement for a kind that needs one); answers its id, version, dates. */
export async function openMeasure(stack: TestStack, childId: string, kind: string, extra: Record<string, unknown> = {}, as?: As) {
  if (AGREED_KINDS.has(kind) && !('familyAgreementId' in extra)) {
    const startDate = (extra.startDate as string | undefined) ?? todayInFrance();
    extra = { ...extra, familyAgreementId: (await recordAgreement(stack, childId, kind, startDate)).id };
  }
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

/** The tables a law refusal could write to (the audit log, which records refusals too, aside). */
export const LAW_TABLES = [
  'cases.child',
  'cases.measure',
  'cases.measure_renewal',
  'cases.situation_report',
  'cases.child_plan',
  'cases.guardian',
  'cases.family_agreement',
  'cases.family_agreement_signature',
  'cases.family_agreement_renewal',
  'cases.ward_file',
  'cases.family_council_member',
  'cases.family_council_meeting',
  'cases.family_council_decision',
  'cases.adopter_approval',
  'cases.adoption_placement',
  'cases.adoption_follow_up',
  'placements.placement',
  'placements.visit_right',
  'placements.visit',
  'placements.return_home_plan',
  'placements.return_home_phase_entry',
  'placements.return_home_move',
  'placements.return_home_milestone',
] as const;

/** Each table's row count and a digest of its rows: equal before and after when nothing was written, not even an update. */
export async function writtenState(stack: TestStack, tables: readonly string[] = LAW_TABLES): Promise<Record<string, string>> {
  const parts = tables.map((t) => `SELECT '${t}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS v FROM ${t} x`);
  const rows = await sql<{ t: string; v: string }>(stack.databaseUrl, parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The one error of a refused request, once checked that it wrote nothing in any table of `tables`. */
export async function refusedWithoutWrite(
  stack: TestStack,
  request: () => Promise<GraphQLResponse<unknown>>,
  tables: readonly string[] = LAW_TABLES,
): Promise<{ message: string; extensions?: Record<string, unknown> }> {
  const before = await writtenState(stack, tables);
  const result = await request();
  expect(await writtenState(stack, tables)).toEqual(before);
  return error(result);
}
