import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { TimelineEvent } from './timeline-event.type';

export const TimelineConnection = Connection(TimelineEvent, 'ChildTimelineEvent');

@Resolver(() => Child)
export class ChildTimelineResolver {
  @Access('CASE_FILE')
  @FieldResolver(() => TimelineConnection, {
    nullable: true,
    description: 'Everything that happened in the child’s file (concerns, evaluations, referrals, measures, plans, reports, hearings), newest first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant MEASURES.',
  })
  timeline(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<TimelineEvent>> {
    return ctx.loaders.timelineByChild.load({ parentId: child.id, args: page });
  }
}
