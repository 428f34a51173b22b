import { badInput, DEPARTMENT_ROLES, grantableScopes, loadForUpdate, notFound, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
import { rethrowUnique } from '../db-errors';
import { Partner } from '../partner/partner.entity';
import { primaryAudience } from '../access/identify';
import { Team } from '../team/team.entity';
import type { CreatePartnerMemberInput, MemberAccessInput, UpdatePartnerMemberInput } from './member.input';
import { PartnerMember } from './member.entity';

const MEMBER_UNIQUE = {
  partner_member_email_idx: { argument: 'input.email', message: 'another member already uses this email' },
  partner_member_oidc_subject_unique: { argument: 'input.oidcSubject', message: 'another member is linked to this subject' },
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

  /**
   * A member's rights: scopes, role and team (département members), the provider subject they
   * sign in as. DIRECTORY_ADMINISTRATION (directory:admin) and never one's own record: checked
   * before the transaction opens, every value before anything is saved.
   */
  async setAccess(ctx: PartnersContext, id: string, version: number, input: MemberAccessInput): Promise<PartnerMember> {
    requireUuid(id, 'id');
    ctx.rows.requireOtherMember(id);
    return ctx.db.dataSource
      .transaction(async (manager) => {
        const member = await loadForUpdate(manager, PartnerMember, 'PartnerMember', id, version);
        const partner = await manager.getRepository(Partner).findOneByOrFail({ id: member.partnerId });
        const audience = primaryAudience(partner.kind);
        const department = audience === 'department';
        if (input.scopes != null) {
          const grantable = audience ? grantableScopes(audience) : [];
          const refused = input.scopes.filter((scope) => !grantable.includes(scope));
          if (refused.length > 0) {
            throw badInput(`not a scope a member of this institution can hold: ${refused.join(', ')} (can: ${grantable.join(', ') || 'none'})`, 'input.scopes');
          }
          member.scopes = [...new Set(input.scopes)].sort();
        }
        if (input.accessRole != null) {
          if (!department) throw badInput('only the département’s members have a role', 'input.accessRole');
          if (!(DEPARTMENT_ROLES as readonly string[]).includes(input.accessRole)) {
            throw badInput(`a role is one of ${DEPARTMENT_ROLES.join(', ')}`, 'input.accessRole');
          }
          member.accessRole = input.accessRole as PartnerMember['accessRole'];
        }
        if (input.teamId !== undefined) {
          if (!department) throw badInput('only the département’s members have a team', 'input.teamId');
          if (input.teamId === null) member.teamId = null;
          else {
            const team = await manager.getRepository(Team).findOneBy({ id: requireUuid(input.teamId, 'input.teamId') });
            if (!team || team.partnerId !== member.partnerId) throw badInput('no such team in the member’s institution', 'input.teamId');
            member.teamId = team.id;
          }
        }
        if (input.oidcSubject !== undefined) {
          const subject = input.oidcSubject?.trim() ?? '';
          if (input.oidcSubject !== null && subject === '') throw badInput('a subject is not blank (null unlinks)', 'input.oidcSubject');
          member.oidcSubject = input.oidcSubject === null ? null : subject;
        }
        return manager.getRepository(PartnerMember).save(member);
      })
      .catch((error: unknown) => rethrowUnique(error, MEMBER_UNIQUE));
  },
};
