import {
  badInput,
  conflict,
  factDateViolation,
  LEGAL_RULE,
  loadForUpdate,
  measureRule,
  notFound,
  refuseViolations,
  requireUuid,
  type Violation,
  type WrittenAgreementFacts,
} from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { addDays, addMonths, todayInFrance } from '../dates';
import type { MeasureKind } from '../measure/measure.enums';
import { Guardian } from '../people/guardian.entity';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from './family-agreement.entity';
import { FamilyAgreementParty, FamilyAgreementSignerRole } from './family-agreement.enums';
import type {
  EndFamilyAgreementInput,
  FamilyAgreementSignatureInput,
  RecordFamilyAgreementInput,
  RenewFamilyAgreementInput,
  SignFamilyAgreementInput,
} from './family-agreement.input';

/** Whose agreement a measure kind rests on; BAD_USER_INPUT for a kind that rests on none (a court decides it). */
export function partyOf(kind: MeasureKind, argument = 'input.measureKind'): FamilyAgreementParty {
  const party = measureRule(kind).writtenAgreement;
  if (party === null) throw badInput(`a ${kind} rests on no written agreement of the family: only AED, VOLUNTARY_CARE and YOUNG_ADULT do`, argument);
  return party as FamilyAgreementParty;
}

/** The longest term one signature may cover from `from` (the kind's term: a year, CASF L223-5). */
function termViolation(kind: MeasureKind, from: string, until: string, argument: string): Violation | null {
  const months = measureRule(kind).maxTermMonths;
  if (until < from) return { rule: LEGAL_RULE.MEASURE_MAX_DURATION, message: `the agreement would end (${until}) before it starts (${from})`, argument };
  if (months === null) return null;
  const longest = addDays(addMonths(from, months), -1);
  if (until <= longest) return null;
  return { rule: LEGAL_RULE.MEASURE_MAX_DURATION, message: `a written agreement to a ${kind} covers at most ${months} months at a time (until ${longest}); renew it for more`, argument };
}

/**
 * The checks a set of signatures obeys, from the input alone and the child's guardians: no date
 * after today; a parent's signature names a guardian of this child; the capacities fit the party;
 * the party itself signed.
 */
async function checkSignatures(
  manager: EntityManager,
  childId: string,
  party: FamilyAgreementParty,
  signatures: readonly FamilyAgreementSignatureInput[],
  argument: string,
  partyRequired: boolean,
): Promise<void> {
  const today = todayInFrance();
  refuseViolations(signatures.map((s, i) => factDateViolation(s.signedOn, today, `${argument}.${i}.signedOn`, 'a signature')).filter((v) => v !== null));
  const allowed = party === FamilyAgreementParty.PARENTS ? FamilyAgreementSignerRole.PARENT : FamilyAgreementSignerRole.YOUNG_ADULT;
  for (const [i, s] of signatures.entries()) {
    if (!s.signerName.trim()) throw badInput('say who signed', `${argument}.${i}.signerName`);
    if (s.role !== allowed && s.role !== FamilyAgreementSignerRole.DEPARTMENT) {
      throw badInput(`a ${party === FamilyAgreementParty.PARENTS ? 'parents’ agreement' : 'contrat jeune majeur'} is signed by ${allowed === 'PARENT' ? 'a parent' : 'the young adult'} and the département, not ${s.role}`, `${argument}.${i}.role`);
    }
    if (s.role === FamilyAgreementSignerRole.PARENT) {
      const guardianId = s.guardianId ? requireUuid(s.guardianId, `${argument}.${i}.guardianId`) : null;
      if (!guardianId) throw badInput('a parent’s signature names the guardian who signed (guardianId)', `${argument}.${i}.guardianId`);
      if (!(await manager.getRepository(Guardian).existsBy({ id: guardianId, childId }))) {
        throw badInput('the guardian named holds no parental authority over this child', `${argument}.${i}.guardianId`);
      }
    } else if (s.guardianId) {
      throw badInput('only a parent’s signature names a guardian', `${argument}.${i}.guardianId`);
    }
  }
  if (partyRequired && !signatures.some((s) => s.role === allowed)) {
    refuseViolations([{
      rule: LEGAL_RULE.WRITTEN_AGREEMENT,
      message: party === FamilyAgreementParty.PARENTS
        ? 'the parents’ written agreement bears a parent’s signature (CASF L223-2)'
        : 'a contrat jeune majeur bears the young adult’s signature (CASF L222-5)',
      argument,
    }]);
  }
}

const signatureRows = (agreementId: string, renewalId: string | null, signatures: readonly FamilyAgreementSignatureInput[]) =>
  signatures.map((s) => ({ agreementId, renewalId, signerName: s.signerName.trim(), role: s.role, guardianId: s.guardianId ?? null, signedOn: s.signedOn }));

export const familyAgreementService = {
  async get(ctx: CasesContext, id: string): Promise<FamilyAgreement> {
    const found = await ctx.loaders.familyAgreementById.load(requireUuid(id, 'id'));
    if (!found) throw ctx.rows.absent('FamilyAgreement', id);
    return found;
  },

  record(ctx: CasesContext, input: RecordFamilyAgreementInput): Promise<FamilyAgreement> {
    const childId = requireUuid(input.childId, 'input.childId');
    const party = partyOf(input.measureKind);
    if (!input.terms.trim()) throw badInput('say what was agreed (terms)', 'input.terms');
    refuseViolations([termViolation(input.measureKind, input.validFrom, input.validUntil, 'input.validUntil')].filter((v) => v !== null));
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Child, 'Child', childId, ctx.rows.write.familyAgreements);
      if (!(await manager.getRepository(Child).existsBy({ id: childId }))) throw notFound('Child', input.childId);
      await checkSignatures(manager, childId, party, input.signatures, 'input.signatures', true);
      const agreements = manager.getRepository(FamilyAgreement);
      const saved = await agreements.save(
        agreements.create({ childId, measureKind: input.measureKind, terms: input.terms.trim(), validFrom: input.validFrom, validUntil: input.validUntil, endedOn: null, endReason: null }),
      );
      await manager.getRepository(FamilyAgreementSignature).insert(signatureRows(saved.id, null, input.signatures));
      return saved;
    });
  },

  sign(ctx: CasesContext, input: SignFamilyAgreementInput): Promise<FamilyAgreement> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, FamilyAgreement, 'FamilyAgreement', id, ctx.rows.write.familyAgreements);
      const agreement = await loadForUpdate(manager, FamilyAgreement, 'FamilyAgreement', id, input.version);
      if (agreement.endedOn) throw conflict(`the agreement ended on ${agreement.endedOn}: it takes no more signatures`);
      await checkSignatures(manager, agreement.childId, partyOf(agreement.measureKind, 'input.id'), [input.signature], 'input.signature', false);
      await manager.getRepository(FamilyAgreementSignature).insert(signatureRows(agreement.id, null, [input.signature]));
      return manager.save(agreement);
    });
  },

  renew(ctx: CasesContext, input: RenewFamilyAgreementInput): Promise<FamilyAgreement> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, FamilyAgreement, 'FamilyAgreement', id, ctx.rows.write.familyAgreements);
      const agreement = await loadForUpdate(manager, FamilyAgreement, 'FamilyAgreement', id, input.version);
      if (agreement.endedOn) throw conflict(`the agreement ended on ${agreement.endedOn}: record a new one`);
      if (input.newValidUntil <= agreement.validUntil) throw badInput(`a renewal covers beyond ${agreement.validUntil}`, 'input.newValidUntil');
      refuseViolations([termViolation(agreement.measureKind, addDays(agreement.validUntil, 1), input.newValidUntil, 'input.newValidUntil')].filter((v) => v !== null));
      await checkSignatures(manager, agreement.childId, partyOf(agreement.measureKind, 'input.id'), input.signatures, 'input.signatures', true);
      const renewals = manager.getRepository(FamilyAgreementRenewal);
      const signedOn = input.signatures.map((s) => s.signedOn).sort().at(-1)!;
      const terms = input.terms?.trim() || null;
      const renewal = await renewals.save(renewals.create({ agreementId: agreement.id, signedOn, previousValidUntil: agreement.validUntil, newValidUntil: input.newValidUntil, terms }));
      await manager.getRepository(FamilyAgreementSignature).insert(signatureRows(agreement.id, renewal.id, input.signatures));
      agreement.validUntil = input.newValidUntil;
      if (terms) agreement.terms = terms;
      return manager.save(agreement);
    });
  },

  end(ctx: CasesContext, input: EndFamilyAgreementInput): Promise<FamilyAgreement> {
    const id = requireUuid(input.id, 'input.id');
    refuseViolations([factDateViolation(input.on, todayInFrance(), 'input.on', 'the end of a written agreement')].filter((v) => v !== null));
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, FamilyAgreement, 'FamilyAgreement', id, ctx.rows.write.familyAgreements);
      const agreement = await loadForUpdate(manager, FamilyAgreement, 'FamilyAgreement', id, input.version);
      if (agreement.endedOn) throw conflict(`the agreement already ended on ${agreement.endedOn}`);
      if (input.on < agreement.validFrom) throw badInput(`the agreement starts on ${agreement.validFrom}`, 'input.on');
      agreement.endedOn = input.on;
      agreement.endReason = input.reason.trim();
      return manager.save(agreement);
    });
  },
};

/** An agreement with its signatures, as the law checks it against a measure (in the measure's transaction). */
export async function writtenAgreementFacts(manager: EntityManager, id: string | null): Promise<WrittenAgreementFacts | null> {
  if (!id) return null;
  const agreement = await manager.getRepository(FamilyAgreement).findOneBy({ id });
  if (!agreement) return null;
  const signatures = await manager.getRepository(FamilyAgreementSignature).findBy({ agreementId: id });
  return {
    childId: agreement.childId,
    measureKind: agreement.measureKind,
    validFrom: agreement.validFrom,
    validUntil: agreement.validUntil,
    endedOn: agreement.endedOn,
    signatures: signatures.map((s) => ({ role: s.role, signedOn: s.signedOn })),
  };
}

