import { badInput, loadForUpdate, notFound, requireUuid } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { ContactPerson, ContactRole } from './contact-person.entity';
import { Guardian } from './guardian.entity';
import type { AddContactPersonInput, AddGuardianInput, EndParentalAuthorityInput, UpdateGuardianInput } from './people.input';

async function requireChild(ctx: CasesContext, manager: EntityManager, childId: string, argument: string): Promise<string> {
  const id = requireUuid(childId, argument);
  await requireWritable(manager, Child, 'Child', id, ctx.rows.write.child);
  // Lock the child so two clerks adding people at once serialise on it.
  const child = await manager.getRepository(Child).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!child) throw notFound('Child', childId);
  return id;
}

/** Guardians and the people around the child. */
export const peopleService = {
  addGuardian(ctx: CasesContext, input: AddGuardianInput): Promise<Guardian> {
    return ctx.db.dataSource.transaction(async (manager) => {
      const childId = await requireChild(ctx, manager, input.childId, 'input.childId');
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
      await requireWritable(manager, Guardian, 'Guardian', id, ctx.rows.write.guardians);
      const guardian = await loadForUpdate(manager, Guardian, 'Guardian', id, input.version);
      if (input.phone !== undefined) guardian.phone = input.phone;
      if (input.email !== undefined) guardian.email = input.email;
      if (input.address !== undefined) guardian.address = input.address;
      return manager.save(guardian);
    });
  },

  /** Parental authority withdrawn or transferred: the guardian stays on record (other subgraphs point at it). */
  endParentalAuthority(ctx: CasesContext, input: EndParentalAuthorityInput): Promise<Guardian> {
    const id = requireUuid(input.id, 'input.id');
    if (input.endedOn > todayInFrance()) throw badInput('endedOn cannot be in the future', 'input.endedOn');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Guardian, 'Guardian', id, ctx.rows.write.guardians);
      const guardian = await loadForUpdate(manager, Guardian, 'Guardian', id, input.version);
      if (guardian.authorityEndedOn) {
        throw badInput(`Guardian ${id} no longer holds parental authority (since ${guardian.authorityEndedOn})`, 'input.id');
      }
      guardian.authorityEndedOn = input.endedOn;
      guardian.authorityEndReason = input.reason;
      return manager.save(guardian);
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
      const childId = await requireChild(ctx, manager, input.childId, 'input.childId');
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
      await requireWritable(manager, ContactPerson, 'ContactPerson', personId, ctx.rows.write.contactPersons);
      await loadForUpdate(manager, ContactPerson, 'ContactPerson', personId, version);
      await manager.getRepository(ContactPerson).delete({ id: personId });
      return personId;
    });
  },
};
