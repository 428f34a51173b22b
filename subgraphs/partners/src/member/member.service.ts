import { badInput, loadForUpdate, notFound, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
import { rethrowUnique } from '../db-errors';
import { Partner } from '../partner/partner.entity';
import type { CreatePartnerMemberInput, UpdatePartnerMemberInput } from './member.input';
import { PartnerMember } from './member.entity';

const MEMBER_UNIQUE = {
  partner_member_email_idx: { argument: 'input.email', message: 'another member already uses this email' },
};

/** A taken email is the client's mistake; the unique index still arbitrates races. */
async function checkEmailFree(manager: EntityManager, email: string, self?: string): Promise<void> {
  const holder = await manager.getRepository(PartnerMember).findOneBy({ email });
  if (holder && holder.id !== self) throw badInput(MEMBER_UNIQUE.partner_member_email_idx.message, 'input.email');
}

/** People acting for institutions: the identities access tokens name. */
export const memberService = {
  async get(ctx: PartnersContext, id: string): Promise<PartnerMember> {
    const member = await ctx.loaders.memberById.load(requireUuid(id, 'id'));
    if (!member) throw notFound('PartnerMember', id);
    return member;
  },

  /** The member with this professional email (case-insensitive), or null. */
  findByEmail(ctx: PartnersContext, email: string): Promise<PartnerMember | null> {
    return ctx.loaders.memberByEmail.load(email.trim().toLowerCase());
  },

  ofPartner(ctx: PartnersContext, partnerId: string, page: PageArgs): Promise<Page<PartnerMember>> {
    return ctx.loaders.membersByPartner.load({ parentId: partnerId, args: page });
  },

  async create(ctx: PartnersContext, input: CreatePartnerMemberInput): Promise<PartnerMember> {
    const partnerId = requireUuid(input.partnerId, 'input.partnerId');
    return ctx.db.dataSource
      .transaction(async (manager) => {
        const partner = await manager.getRepository(Partner).findOneBy({ id: partnerId });
        if (!partner) throw notFound('Partner', partnerId);
        if (!partner.active) throw badInput(`Partner ${partnerId} is closed: it cannot get new members`, 'input.partnerId');
        const repo = manager.getRepository(PartnerMember);
        await checkEmailFree(manager, input.email.trim().toLowerCase());
        return repo.save(
          repo.create({
            partnerId,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            role: input.role.trim(),
            email: input.email.trim().toLowerCase(),
            phone: input.phone ?? null,
            active: true,
          }),
        );
      })
      .catch((error: unknown) => rethrowUnique(error, MEMBER_UNIQUE));
  },

  async update(ctx: PartnersContext, id: string, version: number, input: UpdatePartnerMemberInput): Promise<PartnerMember> {
    requireUuid(id, 'id');
    ctx.rows.requireOtherMember(id);
    return ctx.db.dataSource
      .transaction(async (manager) => {
        const member = await loadForUpdate(manager, PartnerMember, 'PartnerMember', id, version);
        if (input.firstName != null) member.firstName = input.firstName.trim();
        if (input.lastName != null) member.lastName = input.lastName.trim();
        if (input.role != null) member.role = input.role.trim();
        if (input.email != null) {
          member.email = input.email.trim().toLowerCase();
          await checkEmailFree(manager, member.email, member.id);
        }
        if (input.phone !== undefined) member.phone = input.phone ?? null;
        if (input.active !== undefined && input.active !== null) member.active = input.active;
        return manager.getRepository(PartnerMember).save(member);
      })
      .catch((error: unknown) => rethrowUnique(error, MEMBER_UNIQUE));
  },
};
