import { badInput, loadForUpdate, notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
import { rethrowUnique } from '../db-errors';
import { normaliseCode } from './codes';
import type { CreatePartnerInput, PartnerFilterArgs, UpdatePartnerInput } from './partner.input';
import { Partner } from './partner.entity';
import { partnerProblems, type PartnerFields } from './partner.rules';

export const PARTNER_UNIQUE = {
  partner_uai_key: { argument: 'input.uai', message: 'another institution already has this UAI code' },
  partner_siret_key: { argument: 'input.siret', message: 'another institution already has this SIRET number' },
  partner_finess_key: { argument: 'input.finess', message: 'another institution already has this FINESS number' },
};

const code = (value: string | null | undefined) => (value ? normaliseCode(value) : null);

function check(fields: PartnerFields): void {
  const [first] = partnerProblems(fields);
  if (first) throw badInput(first.message, `input.${first.field}`);
}

/**
 * A code already held by another institution is the client's mistake: say which field. (The
 * unique constraints still arbitrate a race between two transactions: see `rethrowUnique`.)
 */
async function checkCodesFree(manager: EntityManager, fields: Pick<Partner, 'uai' | 'siret' | 'finess'>, self?: string): Promise<void> {
  for (const register of ['uai', 'siret', 'finess'] as const) {
    const value = fields[register];
    if (!value) continue;
    const holder = await manager.getRepository(Partner).findOneBy({ [register]: value });
    if (holder && holder.id !== self) {
      const key = `partner_${register}_key` as keyof typeof PARTNER_UNIQUE;
      throw badInput(`${PARTNER_UNIQUE[key].message} ("${holder.name}")`, `input.${register}`);
    }
  }
}

/** Institutions: reads, search, and the mutations that keep the registry. */
export const partnerService = {
  async get(ctx: PartnersContext, id: string): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(requireUuid(id, 'id'));
    if (!partner) throw notFound('Partner', id);
    return partner;
  },

  /** By name; every filter narrows (kind, code, commune, jurisdiction, name, active). */
  async list(ctx: PartnersContext, filter: PartnerFilterArgs, page: PageArgs): Promise<Page<Partner>> {
    const qb = ctx.db.dataSource.getRepository(Partner).createQueryBuilder('partner');
    if (filter.kind) qb.andWhere('partner.kind = :kind', { kind: filter.kind });
    if (filter.code) {
      qb.andWhere(':code IN (partner.uai, partner.siret, partner.finess)', { code: normaliseCode(filter.code) });
    }
    if (filter.commune) {
      qb.andWhere('(partner.communeCode = :commune OR lower(partner.commune) = lower(:commune))', {
        commune: filter.commune.trim(),
      });
    }
    if (filter.covering) {
      qb.andWhere('partner.jurisdiction @> :covering::jsonb', { covering: JSON.stringify([{ code: filter.covering }]) });
    }
    if (filter.search) {
      const escaped = filter.search.replace(/[\\%_]/g, (c) => `\\${c}`);
      qb.andWhere('partner.name ILIKE :search', { search: `%${escaped}%` });
    }
    if (filter.active !== null && filter.active !== undefined) qb.andWhere('partner.active = :active', { active: filter.active });
    const result = await paginate(qb, page, { property: 'name', direction: 'ASC' });
    // Members and agreements of these partners name them back: answer from this page, not SQL.
    for (const partner of result.nodes) ctx.loaders.partnerById.prime(partner.id, partner);
    return result;
  },

  async create(ctx: PartnersContext, input: CreatePartnerInput): Promise<Partner> {
    const fields: PartnerFields = {
      kind: input.kind,
      name: input.name.trim(),
      uai: code(input.uai),
      siret: code(input.siret),
      finess: code(input.finess),
      postalCode: input.postalCode ?? null,
      commune: input.commune.trim(),
      communeCode: input.communeCode,
      email: input.email ?? null,
      jurisdiction: (input.jurisdiction ?? []).map((c) => ({ code: c.code, name: c.name })),
    };
    check(fields);
    return ctx.db.dataSource
      .transaction(async (manager) => {
        await checkCodesFree(manager, fields);
        const repo = manager.getRepository(Partner);
        return repo.save(repo.create({ ...fields, address: input.address ?? null, phone: input.phone ?? null, active: true, closedOn: null }));
      })
      .catch((error: unknown) => rethrowUnique(error, PARTNER_UNIQUE));
  },

  async update(ctx: PartnersContext, id: string, version: number, input: UpdatePartnerInput): Promise<Partner> {
    requireUuid(id, 'id');
    return ctx.db.dataSource
      .transaction(async (manager) => {
        const partner = await loadForUpdate(manager, Partner, 'Partner', id, version);
        const patch = (key: keyof UpdatePartnerInput) => input[key] !== undefined;
        if (input.name != null) partner.name = input.name!.trim();
        if (patch('uai')) partner.uai = code(input.uai);
        if (patch('siret')) partner.siret = code(input.siret);
        if (patch('finess')) partner.finess = code(input.finess);
        if (patch('address')) partner.address = input.address ?? null;
        if (patch('postalCode')) partner.postalCode = input.postalCode ?? null;
        if (input.commune != null) partner.commune = input.commune!.trim();
        if (input.communeCode != null) partner.communeCode = input.communeCode!;
        if (patch('phone')) partner.phone = input.phone ?? null;
        if (patch('email')) partner.email = input.email ?? null;
        if (patch('jurisdiction')) partner.jurisdiction = (input.jurisdiction ?? []).map((c) => ({ code: c.code, name: c.name }));
        check(partner);
        await checkCodesFree(manager, partner, partner.id);
        return manager.getRepository(Partner).save(partner);
      })
      .catch((error: unknown) => rethrowUnique(error, PARTNER_UNIQUE));
  },

  /** A closed institution keeps its history (agreements, enrolments) but gets no access. */
  async close(ctx: PartnersContext, id: string, version: number, closedOn: string): Promise<Partner> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const partner = await loadForUpdate(manager, Partner, 'Partner', id, version);
      if (!partner.active) throw badInput(`Partner ${id} is already closed (on ${partner.closedOn})`, 'id');
      partner.active = false;
      partner.closedOn = closedOn;
      return manager.getRepository(Partner).save(partner);
    });
  },
};
