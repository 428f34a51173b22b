import { badInput, loadForUpdate, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable, scoped } from '../access/scoped-rows';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { Child } from './child.entity';
import type { CreateChildInput, UpdateChildInput } from './child.input';
import { searchKey, searchWords } from './child.search';

function checkBirthDate(birthDate: string, argument: string): void {
  if (birthDate > todayInFrance()) throw badInput(`${argument} cannot be in the future`, argument);
}

/** Reads and writes of children. Every method takes the request context first. */
export const childService = {
  async get(ctx: CasesContext, id: string): Promise<Child> {
    const child = await ctx.loaders.childById.load(requireUuid(id, 'id'));
    if (!child) throw ctx.rows.absent('Child', id);
    return child;
  },

  list(ctx: CasesContext, page: PageArgs): Promise<Page<Child>> {
    const qb = scoped(ctx.db.dataSource.getRepository(Child).createQueryBuilder('w'), ctx.rows.read.children);
    return paginate(qb, page, { property: 'lastName', direction: 'ASC' });
  },

  /**
   * Children whose names contain every word of `name` at the start of a word, accents and case
   * ignored ("Léa Hervé" finds "LEA HERVE"), and/or born on `birthDate`.
   */
  search(ctx: CasesContext, name: string | null | undefined, birthDate: string | null | undefined, page: PageArgs): Promise<Page<Child>> {
    const words = searchWords(name ?? '');
    if (words.length === 0 && !birthDate) throw badInput('give a name or a birth date to search for', 'name');
    const qb = scoped(ctx.db.dataSource.getRepository(Child).createQueryBuilder('w'), ctx.rows.read.children);
    words.forEach((word, i) => qb.andWhere(`(' ' || w.search_name) LIKE :w${i}`, { [`w${i}`]: `% ${word}%` }));
    if (birthDate) qb.andWhere('w.birth_date = :birthDate', { birthDate });
    return paginate(qb, page, { property: 'lastName', direction: 'ASC' });
  },

  /** Records a child in an open transaction (used by concern submission too). */
  async insert(manager: EntityManager, input: CreateChildInput, argument: string): Promise<Child> {
    checkBirthDate(input.birthDate, `${argument}.birthDate`);
    const repository = manager.getRepository(Child);
    return repository.save(
      repository.create({
        firstNames: input.firstNames.trim(),
        lastName: input.lastName.trim(),
        birthDate: input.birthDate,
        sex: input.sex,
        birthplace: input.birthplace ?? null,
        communeCode: input.communeCode ?? null,
        referentName: null,
        referentPhone: null,
        searchName: searchKey(input.firstNames, input.lastName),
      }),
    );
  },

  create(ctx: CasesContext, input: CreateChildInput): Promise<Child> {
    return ctx.db.dataSource.transaction((manager) => childService.insert(manager, input, 'input'));
  },

  update(ctx: CasesContext, input: UpdateChildInput): Promise<Child> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Child, 'Child', id, ctx.rows.write.child);
      const child = await loadForUpdate(manager, Child, 'Child', id, input.version);
      if (input.birthDate !== undefined && input.birthDate !== null) {
        checkBirthDate(input.birthDate, 'input.birthDate');
        child.birthDate = input.birthDate;
      }
      if (input.firstNames != null) child.firstNames = input.firstNames.trim();
      if (input.lastName != null) child.lastName = input.lastName.trim();
      if (input.sex != null) child.sex = input.sex;
      if (input.birthplace !== undefined) child.birthplace = input.birthplace;
      if (input.communeCode !== undefined) child.communeCode = input.communeCode;
      child.searchName = searchKey(child.firstNames, child.lastName);
      return manager.save(child);
    });
  },
};
