import { Access, Connection, PageArgs, requireScopesFor, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { AccessRecord } from './access-record.type';

export const AccessRecordConnection = Connection(AccessRecord);

@Resolver(() => Child)
export class ChildAccessLogResolver {
  @Access('AUDIT_LOG')
  @FieldResolver(() => AccessRecordConnection, {
    nullable: true,
    description:
      'Who accessed this child’s file, when, for which institution, newest first (journal des accès; département managers, scope audit:read). Null, with a FORBIDDEN error, without that scope or when the institution’s agreements do not grant AUDIT_LOG.',
  })
  accessLog(
    @Root() child: Child,
    @Args() page: PageArgs,
    @Ctx() ctx: CasesContext,
    @Arg('since', () => Date, { nullable: true, description: 'Only accesses at or after this instant.' }) since?: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Only accesses before this instant.' }) until?: Date | null,
  ): Promise<Page<AccessRecord>> {
    requireScopesFor(ctx.principal, 'AUDIT_LOG');
    return ctx.loaders.accessLogByChild.load({ childId: child.id, args: page, since: since ?? null, until: until ?? null });
  }
}
