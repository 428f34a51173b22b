import { badInput, loadForUpdate, notFound, requireUuid } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { ContactPerson, ContactRole } from './contact-person.entity';
import { Guardian } from './guardian.entity';
import type { AddContactPersonInput, AddGuardianInput, UpdateGuardianInput } from './people.input';

async function requireChild(manager: EntityManager, childId: string, argument: string): Promise<string> {
  const id = requireUuid(childId, argument);
  // Lock the child so two clerks adding people at once serialise on it.
  const child = await manager.getRepository(Child).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!child) throw notFound('Child', childId);
  return id;
}

/** Guardians and the people around the child. */
export const peopleService = {
  addGuardian(ctx: CasesContext, input: AddGuardianInput): Promise<Guardian> {
    return ctx.db.dataSource.transaction(async (manager) => {
      const childId = await requireChild(manager, input.childId, 'input.childId');
      const repository = manager.getRepository(Guardian);
      return repository.save(
        repository.create({
          childId,
          firstNames: input.firstNames.trim(),
          lastName: input.lastName.trim(),
          relationship: input.relationship,
          phone: input.phone ?? null,
          email: input.email ?? null,
          address: input.address ?? null,
        }),
      );
    });
  },

  updateGuardian(ctx: CasesContext, input: UpdateGuardianInput): Promise<Guardian> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const guardian = await loadForUpdate(manager, Guardian, 'Guardian', id, input.version);
      if (input.phone !== undefined) guardian.phone = input.phone;
      if (input.email !== undefined) guardian.email = input.email;
      if (input.address !== undefined) guardian.address = input.address;
      return manager.save(guardian);
    });
  },

  /** Parental authority withdrawn or transferred: the guardian is no longer one. */
  removeGuardian(ctx: CasesContext, id: string, version: number): Promise<string> {
    const guardianId = requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await loadForUpdate(manager, Guardian, 'Guardian', guardianId, version);
      await manager.getRepository(Guardian).delete({ id: guardianId });
      return guardianId;
    });
  },

  addContactPerson(ctx: CasesContext, input: AddContactPersonInput): Promise<ContactPerson> {
    const barred = input.role === ContactRole.BARRED_FROM_CONTACT;
    if (barred && !input.decisionKind) {
      throw badInput('a person barred from contact needs the decision that says so (decisionKind)', 'input.decisionKind');
    }
    if (barred && !input.decisionDate) {
      throw badInput('a person barred from contact needs the date of the decision', 'input.decisionDate');
    }
    return ctx.db.dataSource.transaction(async (manager) => {
      const childId = await requireChild(manager, input.childId, 'input.childId');
      const repository = manager.getRepository(ContactPerson);
      return repository.save(
        repository.create({
          childId,
          role: input.role,
          firstNames: input.firstNames.trim(),
          lastName: input.lastName.trim(),
          relationship: input.relationship.trim(),
          phone: input.phone ?? null,
          decisionKind: barred ? input.decisionKind! : null,
          decisionReference: barred ? (input.decisionReference ?? null) : null,
          decisionDate: barred ? input.decisionDate! : null,
        }),
      );
    });
  },

  removeContactPerson(ctx: CasesContext, id: string, version: number): Promise<string> {
    const personId = requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await loadForUpdate(manager, ContactPerson, 'ContactPerson', personId, version);
      await manager.getRepository(ContactPerson).delete({ id: personId });
      return personId;
    });
  },
};
