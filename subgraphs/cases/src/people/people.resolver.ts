import { Access } from '@passerelle/common';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { ContactPerson, ContactRole } from './contact-person.entity';
import { Guardian } from './guardian.entity';
import { AddContactPersonInput, AddGuardianInput, EndParentalAuthorityInput, UpdateGuardianInput } from './people.input';
import { peopleService } from './people.service';

@Resolver(() => Guardian)
export class GuardianResolver {
  @FieldResolver(() => Child, { nullable: true, description: 'The child over whom the guardian holds parental authority. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  async child(@Root() guardian: Guardian, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(guardian.childId);
    if (!child) throw ctx.rows.absent('Child', guardian.childId);
    return child;
  }

  @Access('PARENTAL_AUTHORITY')
  @Mutation(() => Guardian, { description: 'Records a holder of parental authority for a child.' })
  addGuardian(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: AddGuardianInput): Promise<Guardian> {
    return peopleService.addGuardian(ctx, input);
  }

  @Access('PARENTAL_AUTHORITY')
  @Mutation(() => Guardian, { description: 'Updates a guardian’s contact details; CONFLICT on a stale version.' })
  updateGuardian(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: UpdateGuardianInput): Promise<Guardian> {
    return peopleService.updateGuardian(ctx, input);
  }

  @Access('PARENTAL_AUTHORITY')
  @Mutation(() => Guardian, {
    description: 'Records that a guardian no longer holds parental authority; they leave Child.guardians but stay on record.',
  })
  endParentalAuthority(
    @Ctx() ctx: CasesContext,
    @Arg('input', { description: 'What to record; see the input type.' }) input: EndParentalAuthorityInput,
  ): Promise<Guardian> {
    return peopleService.endParentalAuthority(ctx, input);
  }

  @Access('PARENTAL_AUTHORITY')
  @Mutation(() => ContactPerson, { description: 'Records a person authorised to pick the child up, or barred from contact.' })
  addChildContactPerson(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: AddContactPersonInput): Promise<ContactPerson> {
    return peopleService.addContactPerson(ctx, input);
  }

  @Access('PARENTAL_AUTHORITY')
  @Mutation(() => ID, { description: 'Removes a person around the child; returns its id.' })
  removeChildContactPerson(
    @Ctx() ctx: CasesContext,
    @Arg('id', () => ID, { description: 'The entry.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read.' }) version: number,
  ): Promise<string> {
    return peopleService.removeContactPerson(ctx, id, version);
  }
}

@Resolver(() => Child)
export class ChildPeopleResolver {
  @Access('PARENTAL_AUTHORITY')
  @FieldResolver(() => [Guardian], {
    nullable: true,
    description: 'Holders of parental authority (titulaires de l’autorité parentale), with contact details; a handful at most. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.',
  })
  async guardians(@Root() child: Child, @Ctx() ctx: CasesContext): Promise<Guardian[]> {
    const today = todayInFrance();
    return (await ctx.loaders.guardiansByChild.load(child.id)).filter((g) => !g.authorityEndedOn || g.authorityEndedOn > today);
  }

  @Access('PARENTAL_AUTHORITY')
  @FieldResolver(() => [ContactPerson], { nullable: true, description: 'People authorised to pick the child up (personnes autorisées). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.' })
  async authorisedPickups(@Root() child: Child, @Ctx() ctx: CasesContext): Promise<ContactPerson[]> {
    return (await ctx.loaders.contactPersonsByChild.load(child.id)).filter((p) => p.role === ContactRole.AUTHORISED_PICKUP);
  }

  @Access('PARENTAL_AUTHORITY')
  @FieldResolver(() => [ContactPerson], {
    nullable: true,
    description: 'People barred from contact with the child, each with the decision that says so (interdictions de contact). Null, with a FORBIDDEN error, when the institution’s agreements do not grant PARENTAL_AUTHORITY.',
  })
  async barredContacts(@Root() child: Child, @Ctx() ctx: CasesContext): Promise<ContactPerson[]> {
    return (await ctx.loaders.contactPersonsByChild.load(child.id)).filter((p) => p.role === ContactRole.BARRED_FROM_CONTACT);
  }
}
