import {
  childId,
  childProfile,
  childSchool,
  COMMUNES,
  insertInChunks,
  random,
  schoolId,
  seedId,
  worldSize,
  FIXED_PARTNERS,
  partnerId,
  type SeedPartnerKind,
  type SeedPlan,
} from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Enrollment } from './enrollment/enrollment.entity';
import { Partner, PartnerKind } from './partner/partner.entity';

const SCHOOL_NAMES = ['Jules Verne', 'Jean Moulin', 'Louise Michel', 'Aristide Briand', 'Les Marsauderies', 'Simone Veil', 'Anne de Bretagne', 'Victor Hugo'];
const LEVELS = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', '6e', '5e', '4e', '3e', '2de', '1re', 'terminale'];

/** A UAI code: 7 characters of the département's numbering, then a check letter. */
function uai(i: number): string {
  const digits = `044${String(1000 + i).padStart(4, '0')}`;
  return `${digits}${'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(digits) % 23]}`;
}

function school(i: number): Partial<Partner> {
  const r = random(`school:${i}`);
  const commune = r.pick(COMMUNES);
  const level = r.pick(['École élémentaire', 'École maternelle', 'Collège', 'Lycée']);
  return { id: schoolId(i), kind: PartnerKind.SCHOOL, name: `${level} ${r.pick(SCHOOL_NAMES)} — ${commune.name}`, code: uai(i), commune: commune.name, communeCode: commune.code };
}

function schoolYearOf(day: string): { year: string; start: string } {
  const y = Number(day.slice(0, 4));
  const startYear = Number(day.slice(5, 7)) >= 9 ? y : y - 1;
  return { year: `${startYear}-${startYear + 1}`, start: `${startYear}-09-01` };
}

/** Seeds the partners schema with the demo world: replaces whatever it held, in one transaction. */
export async function seedPartners(dataSource: DataSource, plan: SeedPlan): Promise<void> {
  const size = worldSize(plan);
  await dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    await runner.query('TRUNCATE partners.enrollment, partners.partner CASCADE');
    await insertInChunks(runner, Partner, Array.from({ length: size.schools }, (_, i) => school(i)));
    const fixed = Object.entries(FIXED_PARTNERS).flatMap(([kind, names]) =>
      names.map((name, i): Partial<Partner> => ({
        id: partnerId(kind as SeedPartnerKind, i),
        kind: kind as PartnerKind,
        name,
        code: null,
        commune: COMMUNES[i === 0 ? 0 : 1]!.name,
        communeCode: COMMUNES[i === 0 ? 0 : 1]!.code,
      })),
    );
    await insertInChunks(runner, Partner, fixed);
    const { year, start } = schoolYearOf(plan.today);
    const enrollments: Partial<Enrollment>[] = [];
    for (let i = 0; i < plan.children; i++) {
      const s = childSchool(plan, size, i);
      if (s === null) continue;
      const age = Number(plan.today.slice(0, 4)) - Number(childProfile(plan, i).birthDate.slice(0, 4));
      enrollments.push({
        id: seedId('enrollment', i),
        childId: childId(i),
        schoolId: schoolId(s),
        schoolYear: year,
        classLevel: LEVELS[Math.min(LEVELS.length - 1, Math.max(0, age - 3))]!,
        startDate: start,
        endDate: null,
      });
    }
    await insertInChunks(runner, Enrollment, enrollments);
  });
}

export async function partnersIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Partner).count({ take: 1 })) === 0;
}
