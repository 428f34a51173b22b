import { Access, PageArgs, requireScopesFor, requireUuid, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, Field, ID, InputType, Query, Resolver } from 'type-graphql';
import type { CasesContext } from '../context';
import { AccessRecordConnection } from './access-log.resolver';
import { searchAuditLog } from './access-log.loaders';
import { AccessRecord } from './access-record.type';

@InputType({ description: 'What to search the audit log for; every criterion given must hold.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'The member who acted (their PartnerMember id, as recorded: claimed, for a refused token).' })
  member?: string | null;

  @Field(() => ID, { nullable: true, description: 'The institution the member acted for.' })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A child whose data the operation read or wrote.' })
  childId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only accesses at or after this instant.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only accesses before this instant.' })
  until?: Date | null;
}

@Resolver(() => AccessRecord)
export class AuditSearchResolver {
  @Access('AUDIT_SEARCH')
  @Query(() => AccessRecordConnection, {
    nullable: true,
    description:
      'The data-protection officer’s search of the whole audit log (journal des accès), newest first: by member, institution, child and period. Département, scopes audit:read and audit:dpo. Null, with a FORBIDDEN error, without them.',
  })
  auditLog(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'What to search for.' }) filter?: AuditLogFilter | null,
  ): Promise<Page<AccessRecord>> {
    requireScopesFor(ctx.principal, 'AUDIT_SEARCH');
    return searchAuditLog(
      ctx.db.dataSource,
      {
        member: filter?.member ?? null,
        partnerId: filter?.partnerId ?? null,
        childId: filter?.childId ? requireUuid(filter.childId, 'filter.childId') : null,
        since: filter?.since ?? null,
        until: filter?.until ?? null,
      },
      page,
    );
  }
}
