import { Access, Connection, PageArgs, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Caseworker, caseworkerRef } from '../partner/member.stub';
import { BreakGlassGrant } from './break-glass.entity';
import { BreakGlassInput } from './break-glass.input';
import { breakGlassService } from './break-glass.service';

export const BreakGlassGrantConnection = Connection(BreakGlassGrant);

@Resolver(() => BreakGlassGrant)
export class BreakGlassResolver {
  @Access('BREAK_GLASS')
  @Mutation(() => BreakGlassGrant, {
    description:
      'Bris de glace: opens a child outside your slice (another team’s, not in your caseload) to you, a département caseworker, for an emergency, for a bounded time (BREAK_GLASS_HOURS, 24 h by default). The reason is required; the grant is in the audit trail and the managers see it. Refused, with nothing written, to anyone else.',
  })
  breakGlass(@Ctx() ctx: CasesContext, @Arg('input', { description: 'The child and why; see the input type.' }) input: BreakGlassInput): Promise<BreakGlassGrant> {
    return breakGlassService.open(ctx, input);
  }

  @Access('AUDIT_LOG')
  @Query(() => BreakGlassGrantConnection, {
    nullable: true,
    description:
      'Break-glass grants, newest first: every one for the managers and the data-protection officer (scope audit:read). Null, with a FORBIDDEN error, without it.',
  })
  breakGlassGrants(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('childId', () => ID, { nullable: true, description: 'Only the grants to this child.' }) childId?: string | null,
    @Arg('memberId', () => ID, { nullable: true, description: 'Only the grants this member opened.' }) memberId?: string | null,
  ): Promise<Page<BreakGlassGrant>> {
    return breakGlassService.list(ctx, page, { childId, memberId });
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child the grant opens. Null, with an error, once the child is no longer in your slice.' })
  async child(@Root() grant: BreakGlassGrant, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(grant.childId);
    if (!child) throw ctx.rows.absent('Child', grant.childId);
    return child;
  }

  @FieldResolver(() => Caseworker, { description: 'The caseworker who opened it.' })
  member(@Root() grant: BreakGlassGrant): Caseworker {
    return caseworkerRef(grant.memberId)!;
  }
}
