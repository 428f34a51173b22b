import { Connection, PageArgs, type Page } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context';
import { Child } from './child.entity';
import { childService } from './child.service';

export const ChildConnection = Connection(Child);

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => Child, { description: 'One child by id; NOT_FOUND when there is none.' })
  child(@Ctx() ctx: CasesContext, @Arg('id', () => ID) id: string): Promise<Child> {
    return childService.get(ctx, id);
  }

  @Query(() => ChildConnection, { description: 'Children, by family name then id, a page at a time.' })
  children(@Ctx() ctx: CasesContext, @Args() page: PageArgs): Promise<Page<Child>> {
    return childService.list(ctx, page);
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today.' })
  age(@Root() child: Child): number {
    const now = new Date();
    const birth = new Date(`${child.birthDate}T00:00:00Z`);
    let age = now.getUTCFullYear() - birth.getUTCFullYear();
    const beforeBirthday =
      now.getUTCMonth() < birth.getUTCMonth() ||
      (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
    if (beforeBirthday) age -= 1;
    return age;
  }
}
