import { badInput, loadForUpdate, notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { PartnersContext } from '../context';
import { parisToday, plusDays } from '../dates';
import { rethrowUnique } from '../db-errors';
import { Partner } from '../partner/partner.entity';
import { Agreement } from './agreement.entity';
import type { CreateAgreementInput, UpdateAgreementInput } from './agreement.input';
import type { DataCategory } from './data-category';

const AGREEMENT_UNIQUE = {
  agreement_reference_key: { argument: 'input.reference', message: 'another agreement already has this reference' },
};

function checkDates(a: Pick<Agreement, 'validFrom' | 'validUntil'>): void {
  if (a.validUntil < a.validFrom) {
    throw badInput(`validUntil (${a.validUntil}) is before validFrom (${a.validFrom})`, 'input.validUntil');
  }
}

/** Agreements (conventions): the legal ground for sharing anything with a partner. */
export const agreementService = {
  async get(ctx: PartnersContext, id: string): Promise<Agreement> {
    const agreement = await ctx.loaders.agreementById.load(requireUuid(id, 'id'));
    if (!agreement) throw notFound('Agreement', id);
    return agreement;
  },

  /** A partner's agreements, newest first; with `inForceOn`, only those in force that day. */
  ofPartner(ctx: PartnersContext, partnerId: string, page: PageArgs, inForceOn: string | null): Promise<Page<Agreement>> {
    return ctx.loaders.agreementsByPartner.load({ parentId: partnerId, args: page, filter: inForceOn });
  },

  /** The agreements in force for a partner on a day (default today). */
  inForce(ctx: PartnersContext, partnerId: string, on: string | null | undefined, page: PageArgs): Promise<Page<Agreement>> {
    return agreementService.ofPartner(ctx, requireUuid(partnerId, 'partnerId'), page, on ?? parisToday());
  },

  /** Agreements whose last day falls within `withinDays` days from `from`, soonest first. */
  expiring(ctx: PartnersContext, withinDays: number, from: string | null | undefined, page: PageArgs): Promise<Page<Agreement>> {
    const start = from ?? parisToday();
    const qb = ctx.db.dataSource
      .getRepository(Agreement)
      .createQueryBuilder('agreement')
      .where('agreement.validUntil BETWEEN :start AND :end', { start, end: plusDays(start, withinDays) })
      .andWhere('agreement.validFrom <= :start');
    return paginate(qb, page, { property: 'validUntil', direction: 'ASC' });
  },

  /** The data categories a partner is granted on a day (default today): none if it is closed. */
  async grantedCategories(ctx: PartnersContext, partnerId: string, on?: string | null): Promise<Set<DataCategory>> {
    return ctx.loaders.grantedCategories.load(`${partnerId}|${on ?? parisToday()}`);
  },

  /**
   * THE question the access policy asks: is there, on `on` (default today in France), an
   * agreement in force between the département and this partner that opens every one of
   * `categories`? False for a closed partner, an unknown one, or an empty list of categories
   * (nothing asked is nothing granted: the caller must name what it wants to share).
   */
  async covers(ctx: PartnersContext, partnerId: string, categories: readonly DataCategory[], on?: string | null): Promise<boolean> {
    if (categories.length === 0) return false;
    const granted = await agreementService.grantedCategories(ctx, partnerId, on);
    return categories.every((category) => granted.has(category));
  },

  async create(ctx: PartnersContext, input: CreateAgreementInput): Promise<Agreement> {
    const partnerId = requireUuid(input.partnerId, 'input.partnerId');
    checkDates(input);
    return ctx.db.dataSource
      .transaction(async (manager) => {
        const partner = await manager.getRepository(Partner).findOneBy({ id: partnerId });
        if (!partner) throw notFound('Partner', partnerId);
        if (!partner.active) throw badInput(`Partner ${partnerId} is closed: no new agreement`, 'input.partnerId');
        const repo = manager.getRepository(Agreement);
        if (await repo.findOneBy({ reference: input.reference.trim() })) {
          throw badInput(AGREEMENT_UNIQUE.agreement_reference_key.message, 'input.reference');
        }
        return repo.save(
          repo.create({
            partnerId,
            reference: input.reference.trim(),
            title: input.title.trim(),
            purposes: input.purposes.map((p) => p.trim()),
            dataCategories: input.dataCategories,
            signedOn: input.signedOn,
            validFrom: input.validFrom,
            validUntil: input.validUntil,
            signatories: input.signatories.map((s) => ({ name: s.name, role: s.role, organisation: s.organisation })),
          }),
        );
      })
      .catch((error: unknown) => rethrowUnique(error, AGREEMENT_UNIQUE));
  },

  async update(ctx: PartnersContext, id: string, version: number, input: UpdateAgreementInput): Promise<Agreement> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const agreement = await loadForUpdate(manager, Agreement, 'Agreement', id, version);
      if (input.title != null) agreement.title = input.title.trim();
      if (input.purposes != null) agreement.purposes = input.purposes.map((p) => p.trim());
      if (input.dataCategories != null) agreement.dataCategories = input.dataCategories;
      if (input.validFrom != null) agreement.validFrom = input.validFrom;
      if (input.validUntil != null) agreement.validUntil = input.validUntil;
      if (input.signatories != null) {
        agreement.signatories = input.signatories.map((s) => ({ name: s.name, role: s.role, organisation: s.organisation }));
      }
      checkDates(agreement);
      return manager.getRepository(Agreement).save(agreement);
    });
  },
};
