import { childProfile, insertInChunks, type SeedPlan } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Child, Sex } from './child/child.entity';

/** Seeds the cases schema with the demo world: replaces whatever it held, in one transaction. */
export async function seedCases(dataSource: DataSource, plan: SeedPlan): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    await runner.query('TRUNCATE cases.child CASCADE');
    const children: Partial<Child>[] = [];
    for (let i = 0; i < plan.children; i++) {
      const p = childProfile(plan, i);
      children.push({
        id: p.id,
        firstNames: p.firstNames,
        lastName: p.lastName,
        birthDate: p.birthDate,
        sex: p.sex as Sex,
        birthplace: p.birthplace.name,
      });
    }
    await insertInChunks(runner, Child, children);
  });
}

/** Whether the schema holds no demo data yet (first start). */
export async function casesIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Child).count({ take: 1 })) === 0;
}
