import { Access } from '@passerelle/common';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Caseworker, caseworkerRef } from '../partner/member.stub';
import { ChildReferent } from './child-referent.entity';
import { AssignReferentInput, EndReferentInput } from './referent.input';
import { referentService } from './referent.service';

@Resolver(() => ChildReferent)
export class ReferentResolver {
  @Access('PROTECTED_STATUS')
  @Mutation(() => ChildReferent, {
    description:
      'Makes a member of the département or the CRIP one of a child’s référents ASE (désignation du référent). BAD_USER_INPUT when the member is not an active one, or is a current référent of the child already.',
  })
  assignReferent(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: AssignReferentInput): Promise<ChildReferent> {
    return referentService.assign(ctx, input);
  }

  @Access('PROTECTED_STATUS')
  @Mutation(() => ChildReferent, { description: 'A member stops being one of a child’s référents ASE; the assignment is kept as history.' })
  endReferent(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: EndReferentInput): Promise<ChildReferent> {
    return referentService.end(ctx, input);
  }

  @FieldResolver(() => Caseworker, { nullable: true, description: 'The référent (a member of the département or the CRIP) and their professional contact. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.' })
  member(@Root() referent: ChildReferent): Caseworker | null {
    return caseworkerRef(referent.memberId);
  }
}

@Resolver(() => Child)
export class ChildReferentsResolver {
  @Access('PROTECTED_STATUS')
  @FieldResolver(() => [ChildReferent], {
    nullable: true,
    description:
      'The child’s référents ASE (members of the département or the CRIP), first assigned first: the current ones, or with `history` the former ones too. Null, with a FORBIDDEN error, when the institution’s agreements do not grant PROTECTED_STATUS.',
  })
  async referents(
    @Root() child: Child,
    @Ctx() ctx: CasesContext,
    @Arg('history', () => Boolean, { defaultValue: false, description: 'Also the former référents (with `until` set).' }) history: boolean,
  ): Promise<ChildReferent[]> {
    const all = await ctx.loaders.referentsByChild.load(child.id);
    return history ? all : all.filter((r) => r.until === null);
  }
}
