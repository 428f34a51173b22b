import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context';
import { ageOn, todayInFrance } from '../dates';
import { Child } from './child.entity';
import { CreateChildInput, UpdateChildInput } from './child.input';
import { childService } from './child.service';

export const ChildConnection = Connection(Child);

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => Child, { description: 'One child by id; NOT_FOUND when there is none.' })
  child(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<Child> {
    return childService.get(ctx, id);
  }

  @Query(() => ChildConnection, { description: 'Children, by family name then id, a page at a time.' })
  children(@Ctx() ctx: CasesContext, @Args() page: PageArgs): Promise<Page<Child>> {
    return childService.list(ctx, page);
  }

  // Searching by name or birth date tells who bears them: the search itself needs the identity
  // grant, not only the fields it returns (else an institution without it could test names).
  @Access('CHILD_IDENTITY')
  @Query(() => ChildConnection, {
    nullable: true,
    description:
      'Search children by name and/or birth date (recherche d’un enfant). Accents and case are ignored and each word matches the start of a name: "Léa Hervé" finds "LEA HERVE". Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.',
  })
  searchChildren(
    @Ctx() ctx: CasesContext,
    @Args() page: PageArgs,
    @Arg('name', () => String, { nullable: true, description: 'Words of the first names and family name, in any order.' })
    name?: string | null,
    @Arg('birthDate', () => GraphQLLocalDate, { nullable: true, description: 'Exact date of birth.' })
    birthDate?: string | null,
  ): Promise<Page<Child>> {
    return childService.search(ctx, name, birthDate, page);
  }

  @Access('CHILD_IDENTITY')
  @Mutation(() => Child, { description: 'Records a child (ouverture de dossier).' })
  createChild(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: CreateChildInput): Promise<Child> {
    return childService.create(ctx, input);
  }

  @Access('CHILD_IDENTITY')
  @Mutation(() => Child, { description: 'Corrects a child’s identity or sets the ASE referent; CONFLICT on a stale version.' })
  updateChild(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: UpdateChildInput): Promise<Child> {
    return childService.update(ctx, input);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Age in whole years today (âge). Null, with a FORBIDDEN error, when the institution’s agreements do not grant CHILD_IDENTITY.' })
  age(@Root() child: Child): number {
    return ageOn(child.birthDate, todayInFrance());
  }
}
