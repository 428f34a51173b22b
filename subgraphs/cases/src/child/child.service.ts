import { notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { CasesContext } from '../context';
import { Child } from './child.entity';

/** Reads of children. Every method takes the request context first. */
export const childService = {
  async get(ctx: CasesContext, id: string): Promise<Child> {
    const child = await ctx.loaders.childById.load(requireUuid(id, 'id'));
    if (!child) throw notFound('Child', id);
    return child;
  },

  list(ctx: CasesContext, page: PageArgs): Promise<Page<Child>> {
    const qb = ctx.db.dataSource.getRepository(Child).createQueryBuilder('child');
    return paginate(qb, page, { property: 'lastName', direction: 'ASC' });
  },
};
