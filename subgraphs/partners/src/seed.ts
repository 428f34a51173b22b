import { Team } from './team/team.entity';
import {
  BOY_NAMES,
  childId,
  childPmi,
  childProfile,
  childSchool,
  COMMUNES,
  FIXED_PARTNERS,
  GIRL_NAMES,
  bulkInsert,
  jurisdictionOf,
  LAST_NAMES,
  partnerId,
  partnerMemberCount,
  DEPARTMENT_REFERENT_FIRST,
  DEPARTMENT_TEAMS,
  departmentMemberSlice,
  departmentReferentCount,
  departmentTeamId,
  partnerMemberId,
  random,
  seedId,
  STREETS,
  worldSize,
  type Commune,
  type SeedPartnerKind,
  type SeedPlan,
} from '@passerelle/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { Agreement } from './agreement/agreement.entity';
import { DataCategory as C } from './agreement/data-category';
import { plusDays } from './dates';
import { Enrollment } from './enrollment/enrollment.entity';
import { HealthFollowUp } from './health/health-follow-up.entity';
import { PartnerMember } from './member/member.entity';
import { uaiCheckLetter, withLuhnKey } from './partner/codes';
import { Partner, PartnerKind } from './partner/partner.entity';

const SCHOOL_NAMES = ['Jules Verne', 'Jean Moulin', 'Louise Michel', 'Aristide Briand', 'Les Marsauderies', 'Simone Veil', 'Anne de Bretagne', 'Victor Hugo'];
const LEVELS = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', '6e', '5e', '4e', '3e', '2de', '1re', 'terminale'];
const ASSOCIATIONS = ['Sauvegarde de l’enfance', 'Les Apprentis d’Auteuil', 'ADSEA', 'La Croix-Rouge — pôle enfance', 'Fondation Massé-Trévidy', 'L’Étape', 'Le Chemin', 'Aide à l’enfance et à la famille'];
const FOLLOW_UP_REASONS = ['Suivi post-natal', 'Consultation du nourrisson', 'Bilan de santé 3-4 ans', 'Suivi d’un enfant confié', 'Suivi renforcé (prématurité)', 'Accompagnement à la parentalité'];

/** Who acts for each kind of institution (fonction of members 0, 1, 2). */
const ROLES: Record<SeedPartnerKind, readonly string[]> = {
  SCHOOL: ['Directrice d’école', 'Secrétaire de direction', 'Conseiller principal d’éducation'],
  PMI: ['Médecin de PMI', 'Infirmière puéricultrice', 'Sage-femme'],
  ASSOCIATION: ['Directeur de service', 'Cheffe de service éducatif', 'Éducateur spécialisé'],
  COURT: ['Juge des enfants', 'Greffière', 'Juge des enfants'],
  PROSECUTOR: ['Substitut du procureur chargé des mineurs', 'Greffier', 'Procureure adjointe'],
  CRIP: ['Responsable de la CRIP', 'Évaluatrice', 'Évaluateur'],
  SNATED: ['Écoutant 119', 'Coordinatrice', 'Écoutante 119'],
  DEPARTMENT: ['Responsable ASE', 'Référente ASE', 'Inspecteur enfance'],
  OBSERVATORY: ['Chargée d’études ODPE', 'Statisticien', 'Responsable ODPE'],
  HOSPITAL: ['Pédiatre référent protection de l’enfance', 'Assistante sociale hospitalière', 'Cadre de santé'],
  POLICE: ['Commandant, brigade de protection des familles', 'Enquêtrice', 'Adjudant'],
  TOWN_HALL: ['Directrice du CCAS', 'Travailleur social du CCAS', 'Secrétaire générale de mairie'],
  PRIVATE_PRACTICE: ['Pédiatre libéral', 'Psychologue libérale', 'Secrétaire médicale'],
};

/** What each kind's agreements open: a plausible convention per kind (the access policy decides the rest). */
const IDENTITY = [C.CHILD_IDENTITY, C.PROTECTED_STATUS, C.PARENTAL_AUTHORITY];
const SENDER = [C.OWN_CONCERN_STATUS, C.CONCERN_SUBMISSION];
const GRANTS: Record<SeedPartnerKind, readonly C[]> = {
  SCHOOL: [...IDENTITY, ...SENDER, C.CHILD_PLAN_OBJECTIVES, C.SCHOOLING],
  PMI: [...IDENTITY, ...SENDER, C.CHILD_PLAN_OBJECTIVES, C.HEALTH_FOLLOW_UP],
  COURT: [...IDENTITY, ...SENDER, C.EVALUATION_REPORTS, C.MEASURES, C.CHILD_PLAN_OBJECTIVES, C.SITUATION_REPORTS, C.PLACEMENTS, C.VISIT_RIGHTS, C.RETURN_HOME_PLAN, C.SCHOOLING],
  PROSECUTOR: [...IDENTITY, ...SENDER, C.CONCERN_CONTENT, C.EVALUATION_REPORTS, C.MEASURES],
  ASSOCIATION: [...IDENTITY, ...SENDER, C.MEASURES, C.CHILD_PLAN_OBJECTIVES, C.SITUATION_REPORTS, C.PLACEMENTS, C.VISIT_RIGHTS, C.RETURN_HOME_PLAN, C.SCHOOLING],
  CRIP: [...IDENTITY, ...SENDER, C.CONCERN_CONTENT, C.EVALUATION_REPORTS, C.MEASURES, C.CHILD_PLAN_OBJECTIVES, C.PLACEMENTS, C.SCHOOLING, C.AGGREGATES],
  SNATED: [...SENDER],
  DEPARTMENT: Object.values(C),
  OBSERVATORY: [C.AGGREGATES],
  HOSPITAL: [...SENDER],
  POLICE: [...SENDER],
  TOWN_HALL: [...SENDER],
  PRIVATE_PRACTICE: [...SENDER],
};

const PURPOSES: Record<SeedPartnerKind, string> = {
  SCHOOL: 'Informer l’école du statut de protection, des titulaires de l’autorité parentale et des personnes autorisées à venir chercher l’enfant',
  PMI: 'Coordonner le suivi de santé des enfants confiés de moins de six ans',
  COURT: 'Transmettre au juge des enfants les éléments nécessaires aux audiences et au suivi des mesures',
  PROSECUTOR: 'Transmettre les signalements au parquet et suivre les décisions prises',
  ASSOCIATION: 'Mettre en œuvre les mesures et les placements confiés par le département',
  CRIP: 'Recueillir, évaluer et orienter les informations préoccupantes',
  SNATED: 'Transmettre les informations préoccupantes reçues par le 119 et en connaître les suites',
  DEPARTMENT: 'Conduire la politique départementale de protection de l’enfance',
  OBSERVATORY: 'Produire les données agrégées et pseudonymisées de l’observatoire (CASF L226-3-3)',
  HOSPITAL: 'Transmettre les informations préoccupantes repérées à l’hôpital',
  POLICE: 'Transmettre les informations préoccupantes et en connaître les suites',
  TOWN_HALL: 'Transmettre les informations préoccupantes repérées par les services de la commune et en connaître les suites',
  PRIVATE_PRACTICE: 'Transmettre les informations préoccupantes repérées en consultation et en connaître les suites',
};

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

/** The UAI code of the `i`th seeded school (what `npm run token -- --partner` takes). */
export function uai(i: number): string {
  const digits = `044${String(1000 + i).padStart(4, '0')}`;
  return `${digits}${uaiCheckLetter(digits)}`;
}

const finess = (series: number, i: number) => withLuhnKey(`44${String(series * 10_000 + i).padStart(6, '0')}`);

function siret(i: number): string {
  const siren = withLuhnKey(String(77_500_000 + i * 37));
  return withLuhnKey(`${siren}${String(1 + (i % 9)).padStart(4, '0')}`);
}

function place(r: ReturnType<typeof random>, commune: Commune) {
  return {
    address: `${r.int(1, 120)} ${r.pick(STREETS)}`,
    postalCode: commune.postalCode,
    commune: commune.name,
    communeCode: commune.code,
    phone: `02 40 ${String(r.int(10, 99))} ${String(r.int(10, 99))} ${String(r.int(10, 99))}`,
  };
}

interface SeededPartner {
  kind: SeedPartnerKind;
  index: number;
  row: Partial<Partner>;
}

function partnersOf(plan: SeedPlan): SeededPartner[] {
  const size = worldSize(plan);
  const out: SeededPartner[] = [];
  for (let i = 0; i < size.schools; i++) {
    const r = random(`school:${i}`);
    const commune = r.pick(COMMUNES);
    const level = r.pick(['École élémentaire', 'École maternelle', 'Collège', 'Lycée']);
    const code = uai(i);
    out.push({
      kind: 'SCHOOL',
      index: i,
      row: { kind: PartnerKind.SCHOOL, name: `${level} ${r.pick(SCHOOL_NAMES)} — ${commune.name}`, uai: code, email: `ce.${code.toLowerCase()}@ac-nantes.fr`, ...place(r, commune) },
    });
  }
  for (let i = 0; i < size.pmiCentres; i++) {
    const r = random(`pmi:${i}`);
    const commune = COMMUNES[i % COMMUNES.length]!;
    const suffix = i < COMMUNES.length ? '' : ` ${Math.floor(i / COMMUNES.length) + 1}`;
    out.push({ kind: 'PMI', index: i, row: { kind: PartnerKind.PMI, name: `Centre de PMI de ${commune.name}${suffix}`, finess: finess(1, i), email: `pmi.${slug(commune.name)}${i}@loire-atlantique.fr`, ...place(r, commune) } });
  }
  for (let i = 0; i < size.associations; i++) {
    const r = random(`association:${i}`);
    const commune = r.pick(COMMUNES);
    const name = `${ASSOCIATIONS[i % ASSOCIATIONS.length]} — ${commune.name}${i >= ASSOCIATIONS.length ? ` (${i})` : ''}`;
    out.push({ kind: 'ASSOCIATION', index: i, row: { kind: PartnerKind.ASSOCIATION, name, siret: siret(i), finess: finess(2, i), email: `contact${i}@${slug(ASSOCIATIONS[i % ASSOCIATIONS.length]!)}.org`, ...place(r, commune) } });
  }
  for (const [kind, names] of Object.entries(FIXED_PARTNERS) as [keyof typeof FIXED_PARTNERS, readonly string[]][]) {
    names.forEach((name, i) => {
      const r = random(`fixed:${kind}:${i}`);
      const hometown = kind === 'HOSPITAL' ? [COMMUNES[0]!, COMMUNES[1]!, COMMUNES[8]!][i]! : COMMUNES[Math.min(i, 1)]!;
      const jurisdiction =
        kind === 'COURT' || kind === 'PROSECUTOR'
          ? COMMUNES.filter((c) => jurisdictionOf(c) === i).map((c) => ({ code: c.code, name: c.name }))
          : [];
      out.push({
        kind,
        index: i,
        row: {
          kind: PartnerKind[kind],
          name,
          finess: kind === 'HOSPITAL' ? finess(3, i) : null,
          // A town hall and a practice are known by their SIRET (they have no FINESS).
          siret: kind === 'TOWN_HALL' ? siret(5000 + i) : kind === 'PRIVATE_PRACTICE' ? siret(6000 + i) : null,
          jurisdiction,
          email: `contact.${slug(kind)}${i}@example.gouv.fr`, ...place(r, hometown) },
      });
    });
  }
  return out.map((p) => ({ ...p, row: { id: partnerId(p.kind, p.index), uai: null, siret: null, finess: null, jurisdiction: [], active: true, closedOn: null, ...p.row } }));
}

/** How many members a seeded partner has: the département also employs its référents ASE (issue 13). */
function memberCountOf(p: SeededPartner, plan: SeedPlan): number {
  return p.kind === 'DEPARTMENT' && p.index === 0
    ? DEPARTMENT_REFERENT_FIRST + departmentReferentCount(plan)
    : partnerMemberCount(p.kind, p.index);
}

/** A département member's role and team (issue 13); other institutions' members: the column default, no team. */
function memberSliceOf(p: SeededPartner, k: number): Partial<PartnerMember> {
  if (p.kind !== 'DEPARTMENT' || p.index !== 0) return { accessRole: 'CASEWORKER', teamId: null };
  const slice = departmentMemberSlice(k);
  return { accessRole: slice.role, teamId: slice.team === null ? null : departmentTeamId(slice.team) };
}

/** The seeded département's territorial teams. */
function teamsOf(departmentId: string): Partial<Team>[] {
  return DEPARTMENT_TEAMS.map((t, i) => ({ id: departmentTeamId(i), partnerId: departmentId, code: t.code, name: t.name, communes: [...t.communes] }));
}

function membersOf(p: SeededPartner, plan: SeedPlan, counter: { n: number }): Partial<PartnerMember>[] {
  const r = random(`members:${p.kind}:${p.index}`);
  const domain = p.row.email!.split('@')[1]!;
  const first = partnerMemberCount(p.kind, p.index);
  return Array.from({ length: memberCountOf(p, plan) }, (_, k) => {
    // The département's extra référents start at DEPARTMENT_REFERENT_FIRST (member 2 may not exist).
    if (k >= first && k < DEPARTMENT_REFERENT_FIRST) return null;
    const female = r.chance(0.6);
    const firstName = r.pick(female ? GIRL_NAMES : BOY_NAMES);
    const lastName = r.pick(LAST_NAMES);
    counter.n += 1;
    return {
      id: partnerMemberId(p.kind, p.index, k),
      partnerId: p.row.id!,
      firstName,
      lastName,
      role: ROLES[p.kind][k] ?? (female ? 'Référente ASE' : 'Référent ASE'),
      email: `${slug(firstName)}.${slug(lastName)}.${counter.n}@${domain}`,
      phone: null,
      // Member 0 always acts; a few others have left.
      active: k === 0 || k >= DEPARTMENT_REFERENT_FIRST || !r.chance(0.1),
      ...memberSliceOf(p, k),
    };
  }).filter((m): m is NonNullable<typeof m> => m !== null);
}

/**
 * Each partner has an expired convention and, mostly, one in force; by index, some in force
 * end within two months (to renew), and a few partners have none in force at all.
 */
function agreementsOf(p: SeededPartner, today: string): Partial<Agreement>[] {
  const r = random(`agreements:${p.kind}:${p.index}`);
  const grants = [...GRANTS[p.kind]];
  const signatories = (member: string) => [
    { name: `${r.pick(GIRL_NAMES)} ${r.pick(LAST_NAMES)}`, role: 'Présidente du Conseil départemental', organisation: 'Département de Loire-Atlantique' },
    { name: `${r.pick(BOY_NAMES)} ${r.pick(LAST_NAMES)}`, role: member, organisation: p.row.name! },
  ];
  const base = { partnerId: p.row.id!, purposes: [PURPOSES[p.kind]], dataCategories: grants };
  const tag = `${p.kind.slice(0, 3)}-${p.index}`;
  const oldFrom = plusDays(today, -r.int(3 * 365, 5 * 365));
  const out: Partial<Agreement>[] = [
    {
      ...base,
      id: seedId(`agreement:${p.kind}:${p.index}`, 0),
      reference: `CONV-${oldFrom.slice(0, 4)}-${tag}-A`,
      title: `Convention de partage d’informations — ${p.row.name}`,
      signedOn: plusDays(oldFrom, -r.int(5, 40)),
      validFrom: oldFrom,
      validUntil: plusDays(today, -r.int(30, 360)),
      signatories: signatories(ROLES[p.kind][0]!),
    },
  ];
  const noneInForce = p.index % 11 === 5;
  if (!noneInForce) {
    const from = plusDays(today, -r.int(20, 700));
    const expiringSoon = p.index % 7 === 3;
    out.push({
      ...base,
      id: seedId(`agreement:${p.kind}:${p.index}`, 1),
      reference: `CONV-${from.slice(0, 4)}-${tag}-B`,
      title: `Protocole de coopération en protection de l’enfance — ${p.row.name}`,
      signedOn: plusDays(from, -r.int(5, 40)),
      validFrom: from,
      validUntil: expiringSoon ? plusDays(today, r.int(5, 55)) : plusDays(today, r.int(200, 1100)),
      signatories: signatories(ROLES[p.kind][0]!),
    });
  }
  return out;
}

function schoolYearOf(day: string): { year: string; start: string } {
  const y = Number(day.slice(0, 4));
  const startYear = Number(day.slice(5, 7)) >= 9 ? y : y - 1;
  return { year: `${startYear}-${startYear + 1}`, start: `${startYear}-09-01` };
}

/**
 * Seeds the partners schema with the demo world, in one transaction: replaces whatever it held;
 * with `keepImported` (the first `npm start`), institutions already there (imported from a CSV
 * before the first start) are kept, and a demo institution whose code (UAI, SIRET, FINESS) one of
 * them holds is that one: its members, agreements, pupils and follow-ups go to the existing row.
 */
export async function seedPartners(dataSource: DataSource, plan: SeedPlan, options: { keepImported?: boolean } = {}): Promise<void> {
  const size = worldSize(plan);
  const partners = partnersOf(plan);
  const counter = { n: 0 };
  const members = partners.flatMap((p) => membersOf(p, plan, counter));
  const agreements = partners.flatMap((p) => agreementsOf(p, plan.today));
  const { year, start } = schoolYearOf(plan.today);
  const enrollments: Partial<Enrollment>[] = [];
  const followUps: Partial<HealthFollowUp>[] = [];
  for (let i = 0; i < plan.children; i++) {
    const profile = childProfile(plan, i);
    const s = childSchool(plan, size, i);
    if (s !== null) {
      const age = Number(plan.today.slice(0, 4)) - Number(profile.birthDate.slice(0, 4));
      enrollments.push({
        id: seedId('enrollment', i),
        childId: childId(i),
        schoolId: partnerId('SCHOOL', s),
        schoolYear: year,
        classLevel: LEVELS[Math.min(LEVELS.length - 1, Math.max(0, age - 3))]!,
        startDate: start,
        endDate: null,
      });
    }
    const pmi = childPmi(plan, size, i);
    if (pmi !== null) {
      const r = random(`follow-up:${i}`);
      const startDate = plusDays(profile.birthDate, r.int(8, 60));
      followUps.push({
        id: seedId('health-follow-up', i),
        childId: childId(i),
        pmiId: partnerId('PMI', pmi),
        startDate: startDate < plan.today ? startDate : profile.birthDate,
        endDate: null,
        reason: r.pick(FOLLOW_UP_REASONS),
      });
    }
  }
  await dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    const existing: { id: string; uai: string | null; siret: string | null; finess: string | null }[] = options.keepImported
      ? await runner.query('SELECT id, uai, siret, finess FROM partners.partner')
      : [];
    if (existing.length === 0) {
      await runner.query(
        'TRUNCATE partners.health_follow_up, partners.enrollment, partners.agreement, partners.partner_member, partners.team, partners.partner CASCADE',
      );
    }
    const owner = new Map<string, string>();
    for (const row of existing) {
      owner.set(`id:${row.id}`, row.id);
      for (const register of ['uai', 'siret', 'finess'] as const) if (row[register]) owner.set(`${register}:${row[register]}`, row.id);
    }
    // Demo partner id → the existing institution that stands for it.
    const same = new Map<string, string>();
    for (const p of partners) {
      const keys = [`id:${p.row.id}`, ...(['uai', 'siret', 'finess'] as const).filter((r) => p.row[r]).map((r) => `${r}:${p.row[r]}`)];
      const found = keys.map((k) => owner.get(k)).find((id) => id !== undefined);
      if (found) same.set(p.row.id!, found);
    }
    const to = (id: string) => same.get(id) ?? id;
    await bulkInsert(runner, Partner, partners.filter((p) => !same.has(p.row.id!)).map((p) => p.row));
    const department = to(partnerId('DEPARTMENT', 0));
    const hasTeams = (await runner.query('SELECT 1 FROM partners.team WHERE partner_id = $1 LIMIT 1', [department])).length > 0;
    if (!hasTeams) await bulkInsert(runner, Team, teamsOf(department));
    await bulkInsert(runner, PartnerMember, members.map((m) => ({ ...m, partnerId: to(m.partnerId!) })));
    await bulkInsert(runner, Agreement, agreements.map((a) => ({ ...a, partnerId: to(a.partnerId!) })));
    await bulkInsert(runner, Enrollment, enrollments.map((e) => ({ ...e, schoolId: to(e.schoolId!) })));
    await bulkInsert(runner, HealthFollowUp, followUps.map((f) => ({ ...f, pmiId: to(f.pmiId!) })));
  });
}

/**
 * Whether the demo world still has to be seeded here: no demo partner yet (the département's
 * own). Institutions imported before the first start do not count: the start seeds alongside them.
 */
export async function partnersIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Partner).count({ where: { id: partnerId('DEPARTMENT', 0) }, take: 1 })) === 0;
}
