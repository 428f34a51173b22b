import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Measure } from '../measure/measure.entity';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from './family-agreement.entity';
import { FamilyAgreementParty } from './family-agreement.enums';
import { EndFamilyAgreementInput, RecordFamilyAgreementInput, RenewFamilyAgreementInput, SignFamilyAgreementInput } from './family-agreement.input';
import { familyAgreementService, partyOf } from './family-agreement.service';

export const FamilyAgreementConnection = Connection(FamilyAgreement);
const NULL_WHEN = 'Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.';

@Resolver(() => FamilyAgreement)
export class FamilyAgreementResolver {
  @Query(() => FamilyAgreement, { description: 'One family agreement by id; NOT_FOUND when there is none.' })
  familyAgreement(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<FamilyAgreement> {
    return familyAgreementService.get(ctx, id);
  }

  @Access('FAMILY_AGREEMENTS')
  @Mutation(() => FamilyAgreement, { description: 'Records a family’s signed written agreement (parents’ agreement to an AED or an accueil provisoire, contrat jeune majeur).' })
  recordFamilyAgreement(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RecordFamilyAgreementInput): Promise<FamilyAgreement> {
    return familyAgreementService.record(ctx, input);
  }

  @Access('FAMILY_AGREEMENTS')
  @Mutation(() => FamilyAgreement, { description: 'Adds a signature to a family agreement (the other parent, the département).' })
  signFamilyAgreement(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: SignFamilyAgreementInput): Promise<FamilyAgreement> {
    return familyAgreementService.sign(ctx, input);
  }

  @Access('FAMILY_AGREEMENTS')
  @Mutation(() => FamilyAgreement, { description: 'Renews a family agreement, signed again, for a new term (CASF L223-5).' })
  renewFamilyAgreement(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: RenewFamilyAgreementInput): Promise<FamilyAgreement> {
    return familyAgreementService.renew(ctx, input);
  }

  @Access('FAMILY_AGREEMENTS')
  @Mutation(() => FamilyAgreement, { description: 'Ends a family agreement early (withdrawn, or the measure ended).' })
  endFamilyAgreement(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: EndFamilyAgreementInput): Promise<FamilyAgreement> {
    return familyAgreementService.end(ctx, input);
  }

  @FieldResolver(() => FamilyAgreementParty, { nullable: true, description: `Whose agreement it is: the parents’ or the young adult’s. ${NULL_WHEN}` })
  party(@Root() agreement: FamilyAgreement): FamilyAgreementParty {
    return partyOf(agreement.measureKind);
  }

  @FieldResolver(() => Child, { nullable: true, description: `The child (or young adult). ${NULL_WHEN}` })
  async child(@Root() agreement: FamilyAgreement, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(agreement.childId);
    if (!child) throw ctx.rows.absent('Child', agreement.childId);
    return child;
  }

  @FieldResolver(() => [FamilyAgreementSignature], { nullable: true, description: `Its signatures and its renewals’, oldest first. ${NULL_WHEN}` })
  signatures(@Root() agreement: FamilyAgreement, @Ctx() ctx: CasesContext): Promise<FamilyAgreementSignature[]> {
    return ctx.loaders.signaturesByAgreement.load(agreement.id);
  }

  @FieldResolver(() => [FamilyAgreementRenewal], { nullable: true, description: `Its renewals, oldest first. ${NULL_WHEN}` })
  renewals(@Root() agreement: FamilyAgreement, @Ctx() ctx: CasesContext): Promise<FamilyAgreementRenewal[]> {
    return ctx.loaders.renewalsByAgreement.load(agreement.id);
  }
}

@Resolver(() => Child)
export class ChildFamilyAgreementsResolver {
  @Access('FAMILY_AGREEMENTS')
  @FieldResolver(() => FamilyAgreementConnection, { nullable: true, description: `The family’s written agreements, latest first. ${NULL_WHEN}` })
  familyAgreements(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<FamilyAgreement>> {
    return ctx.loaders.familyAgreementsByChild.load({ parentId: child.id, args: page });
  }
}

@Resolver(() => Measure)
export class MeasureFamilyAgreementResolver {
  @Access('FAMILY_AGREEMENTS')
  @FieldResolver(() => FamilyAgreement, { nullable: true, description: `The written agreement it rests on (AED, accueil provisoire, contrat jeune majeur); null for other kinds. ${NULL_WHEN}` })
  async familyAgreement(@Root() measure: Measure, @Ctx() ctx: CasesContext): Promise<FamilyAgreement | null> {
    if (!measure.familyAgreementId) return null;
    return ctx.loaders.familyAgreementById.load(measure.familyAgreementId);
  }
}
