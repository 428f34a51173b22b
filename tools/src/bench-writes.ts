import { addDays, connectionOptions, createLog, runMain, today } from '@passerelle/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { explainSlowest } from './bench-explain';
import { parseBenchCommand, percentile, recordStatements, statementsPerSubgraph, type RecordedStatement } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';
import { regressions, type SweepFigure } from './sweep-queries';
import { LARGEST_PERSONAS, type Queryable, type Who } from './workloads';

/**
 * `npm run bench:writes -- [--children N] [--runs N] [--keep] [--only referent,enrolment] [--out FILE]
 * [--baseline FILE]`: do the writes stay flat with the size of the world (issue 14, goal 1), as
 * `npm run bench:sweep` asks of the reads? For each persona of tools/src/workloads.ts's
 * LARGEST_PERSONAS (each audience as its largest institution; the département as a manager and
 * as a caseworker of the largest team), the mutations of its contract it does routinely (WRITES
 * below), their inputs chosen in the database, each run a fresh valid write (a new row, or a
 * do/undo pair on a child not used before), `--runs` times (15) after two warm-ups, at one
 * connection through the gateway. After each write, the same persona's (or the one whose slice
 * it changes) first read — `children(first: 20)`, `weekVisits`… — is timed as `write → read`
 * (writes invalidate the cached slices; a large slice is recomputed and stored again), then
 * that read once more (`read (again, <cycle>)`, from the caches). Printed: p50/p95, the SQL statements
 * of one request per subgraph, the errors (their codes and first message).
 * `--out FILE` writes the figures as JSON; `--baseline FILE` (those of a smaller world) lists the
 * writes and reads above 1.5 × the baseline's p50 and above 15 ms, with the plan of their slowest
 * read statement (EXPLAIN ANALYZE, BUFFERS) and of any write statement planned with a sequential
 * scan. The children it creates are deleted at the end (so `--keep` finds the world's size).
 * Asserts nothing (machines are noisy).
 */

type PersonaName = (typeof LARGEST_PERSONAS)[number]['name'];

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** What a write's cycle runs with. */
interface Cycle {
  today: string;
  /** This cycle's number (0 for the first warm-up): index into the state's pools. */
  k: number;
  /** Runs the mutation as `persona`, timed under `name`; its data, or null when refused. */
  write(persona: PersonaName, name: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any> | null>;
  /** The first reads after `after` (each timed as `after → name`), then each once more (`name (again, <cycle>)`). */
  readAfter(persona: PersonaName, after: string, reads: readonly Read[]): Promise<void>;
  /** A child the cycle created (deleted at the end). */
  created(childId: string): void;
}

interface Write<S = any> {
  /** The `--only` name. */
  name: string;
  /** The personas it writes or reads as. */
  personas: PersonaName[];
  /** Chosen once before the runs: the pools (`count` items each: one per cycle). */
  prepare(db: Queryable, who: Record<PersonaName, Who>, count: number, today: string): Promise<S>;
  cycle(c: Cycle, state: S): Promise<void>;
}

/** A read timed after a write. */
interface Read {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const CHILDREN: Read = { name: 'children', query: `query BenchChildren { children(first: 20) { nodes { id } } }` };
const weekVisits = (week: string): Read => ({ name: 'weekVisits', query: `query BenchWeekVisits($week: LocalDate!) { weekVisits(week: $week, first: 20) { nodes { id status } } }`, variables: { week } });
/**
 * A caseworker's first reads after a change, one per subgraph: their children (cases: a
 * predicate), the week's visits (placements: their slice asked of cases, stored when long) and the
 * schools' declarations to confirm (partners: the same).
 */
const caseworkerReads = (today: string): Read[] => [
  CHILDREN,
  weekVisits(today),
  { name: 'enrollmentDeclarations', query: `query BenchDeclarations { enrollmentDeclarations(first: 20) { nodes { id } } }` },
];
const courtHearings = (from: string): Read => ({ name: 'courtHearings', query: `query BenchCourtHearings($from: LocalDate!) { courtHearings(from: $from, first: 20) { nodes { id } } }`, variables: { from } });
const CONCERNS: Read = { name: 'concerns', query: `query BenchConcerns { concerns(first: 20) { nodes { id status } } }` };

const rows = async <T extends object>(db: Queryable, sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows;

/** The communes of the caseworker's team. */
async function teamCommunes(db: Queryable, member: string): Promise<string[]> {
  const row = (await rows<{ communes: string[] }>(db, `SELECT t.communes FROM partners.partner_member m JOIN partners.team t ON t.id = m.team_id WHERE m.id = $1`, [member]))[0];
  if (!row) throw new Error(`member ${member} is in no team`);
  return row.communes;
}

/** The `k`th of a pool (cycling when the world is too small to give one per cycle). */
const nth = <T>(pool: readonly T[], k: number): T | undefined => pool[k % Math.max(1, pool.length)];

const createChild = (persona: 'department-caseworker' | 'department-manager'): Write<{ commune: string }> => ({
  name: persona === 'department-caseworker' ? 'createChild' : 'createChild-manager',
  personas: [persona],
  prepare: async (db, who) => ({ commune: (await teamCommunes(db, who['department-caseworker'].sub))[0]! }),
  cycle: async (c, { commune }) => {
    const data = await c.write(persona, 'createChild', `mutation BenchCreateChild($input: CreateChildInput!) { createChild(input: $input) { id } }`, {
      input: { firstNames: 'Camille', lastName: `Banc-${c.k}`, birthDate: addDays(c.today, -3000), sex: 'X', communeCode: commune },
    });
    if (!data) return;
    c.created(data.createChild.id);
    await c.readAfter(persona, 'createChild', persona === 'department-caseworker' ? caseworkerReads(c.today) : [CHILDREN]);
  },
});

/**
 * What a partner declared (an enrolment, a follow-up), confirmed by the département, then ended by
 * the partner, the partner's `children` read after each: `confirm(id, version)` and
 * `end(id, version, endDate)` are the mutations' names.
 */
async function confirmThenEnd(c: Cycle, partner: PersonaName, declared: { id: string; version: number }, confirm: string, end: string): Promise<void> {
  const confirmed = await c.write('department-manager', confirm, `mutation BenchConfirm($id: ID!, $version: Int!) { ${confirm}(id: $id, version: $version) { id version } }`, declared);
  if (!confirmed) return;
  await c.readAfter(partner, confirm, [CHILDREN]);
  const { id, version } = confirmed[confirm] as { id: string; version: number };
  if (!(await c.write(partner, end, `mutation BenchEnd($id: ID!, $version: Int!, $endDate: LocalDate!) { ${end}(id: $id, version: $version, endDate: $endDate) { id } }`, { id, version, endDate: c.today }))) return;
  await c.readAfter(partner, end, [CHILDREN]);
}

/**
 * What each audience writes in its day (the mutations of schema/contracts/<audience>.graphql):
 * the prosecutor's one routine write (recordReferralDecision) needs a referral made for it by a
 * chain of the département's writes, and is not here.
 */
const WRITES: Write[] = [
  createChild('department-caseworker'),
  createChild('department-manager'),
  {
    // The manager makes the caseworker the référent of a child outside their team: the child
    // enters the caseworker's slice (their team's children and their caseload), then leaves it.
    name: 'referent',
    personas: ['department-manager', 'department-caseworker'],
    prepare: async (db, who, count) => {
      const member = who['department-caseworker'].sub;
      const communes = await teamCommunes(db, member);
      const children = await rows<{ id: string }>(
        db,
        `SELECT c.id FROM cases.child c WHERE NOT (c.commune_code = ANY($1))
            AND NOT EXISTS (SELECT 1 FROM cases.child_referent r WHERE r.child_id = c.id AND r.member_id = $2)
          ORDER BY c.id LIMIT $3`,
        [communes, member, count],
      );
      return { member, children: children.map((r) => r.id) };
    },
    cycle: async (c, { member, children }: { member: string; children: string[] }) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const input = { childId, memberId: member };
      if (!(await c.write('department-manager', 'assignReferent', `mutation BenchAssign($input: AssignReferentInput!) { assignReferent(input: $input) { id } }`, { input }))) return;
      await c.readAfter('department-caseworker', 'assignReferent', caseworkerReads(c.today));
      if (!(await c.write('department-manager', 'endReferent', `mutation BenchEndReferent($input: EndReferentInput!) { endReferent(input: $input) { id } }`, { input }))) return;
      await c.readAfter('department-caseworker', 'endReferent', caseworkerReads(c.today));
    },
  },
  {
    // A caseworker corrects a child of their team.
    name: 'updateChild',
    personas: ['department-caseworker'],
    prepare: async (db, who, count) => {
      const communes = await teamCommunes(db, who['department-caseworker'].sub);
      return rows<{ id: string; version: number }>(db, `SELECT id, version FROM cases.child WHERE commune_code = ANY($1) ORDER BY id LIMIT $2`, [communes, count]);
    },
    cycle: async (c, children: { id: string; version: number }[]) => {
      const child = nth(children, c.k);
      if (!child) return;
      const input = { id: child.id, version: child.version, birthplace: `Banc ${Date.now()}` };
      const data = await c.write('department-caseworker', 'updateChild', `mutation BenchUpdateChild($input: UpdateChildInput!) { updateChild(input: $input) { id version } }`, { input });
      if (!data) return;
      child.version = data.updateChild.version;
      await c.readAfter('department-caseworker', 'updateChild', caseworkerReads(c.today));
    },
  },
  {
    // A caseworker plans a visit of a child of their team today, then records it held.
    name: 'visits',
    personas: ['department-caseworker'],
    prepare: async (db, who, count, day) => {
      const communes = await teamCommunes(db, who['department-caseworker'].sub);
      const rights = await rows<{ id: string }>(
        db,
        `SELECT r.id FROM placements.visit_right r JOIN cases.child c ON c.id = r.child_id
          WHERE c.commune_code = ANY($1) AND r.starts_on <= $2 AND (r.ends_on IS NULL OR r.ends_on >= $2)
            AND NOT EXISTS (SELECT 1 FROM placements.visit v WHERE v.visit_right_id = r.id AND v.planned_on = $2)
          ORDER BY r.id LIMIT $3`,
        [communes, day, count],
      );
      return rights.map((r) => r.id);
    },
    cycle: async (c, rights: string[]) => {
      const visitRightId = nth(rights, c.k);
      if (!visitRightId) return;
      const planned = await c.write('department-caseworker', 'planVisits', `mutation BenchPlanVisits($input: PlanVisitsInput!) { planVisits(input: $input) { id version } }`, {
        input: { visitRightId, days: [c.today] },
      });
      if (!planned) return;
      await c.readAfter('department-caseworker', 'planVisits', caseworkerReads(c.today));
      const visit = planned.planVisits[0] as { id: string; version: number };
      if (!(await c.write('department-caseworker', 'recordVisitHeld', `mutation BenchVisitHeld($input: RecordVisitHeldInput!) { recordVisitHeld(input: $input) { id } }`, { input: { id: visit.id, version: visit.version, report: 'Bien passée.' } }))) return;
      await c.readAfter('department-caseworker', 'recordVisitHeld', caseworkerReads(c.today));
    },
  },
  {
    // A caseworker ends a placement of a child of their team, and places the child again.
    name: 'placement',
    personas: ['department-caseworker', 'association'],
    prepare: async (db, who, count, day) => {
      const communes = await teamCommunes(db, who['department-caseworker'].sub);
      return rows<{ id: string; version: number; child: string; facility: string; measure: string }>(
        db,
        `SELECT p.id, p.version, p.child_id AS child, p.facility_id AS facility, p.measure_id AS measure
           FROM placements.placement p JOIN cases.child c ON c.id = p.child_id JOIN cases.measure m ON m.id = p.measure_id
                JOIN placements.facility f ON f.id = p.facility_id
          WHERE c.commune_code = ANY($1) AND p.end_date IS NULL AND p.start_date <= $2 AND m.status = 'ACTIVE'
            AND (f.approval_expires_on IS NULL OR f.approval_expires_on >= $2)
            AND m.start_date <= $2 AND (m.planned_end_date IS NULL OR m.planned_end_date > $2)
          ORDER BY p.id LIMIT $3`,
        [communes, day, count],
      );
    },
    cycle: async (c, placements: { id: string; version: number; child: string; facility: string; measure: string }[]) => {
      const p = nth(placements, c.k);
      if (!p) return;
      const ended = await c.write('department-caseworker', 'endPlacement', `mutation BenchEndPlacement($input: EndPlacementInput!) { endPlacement(input: $input) { id } }`, {
        input: { id: p.id, version: p.version, endDate: c.today, endReason: 'TRANSFER' },
      });
      if (!ended) return;
      await c.readAfter('department-caseworker', 'endPlacement', caseworkerReads(c.today));
      // Any placement's change drops every association's slice (the facility's operator is not on the row).
      await c.readAfter('association', 'endPlacement', [CHILDREN]);
      const placed = await c.write('department-caseworker', 'placeChild', `mutation BenchPlaceChild($input: PlaceChildInput!) { placeChild(input: $input) { id version } }`, {
        input: { childId: p.child, facilityId: p.facility, measureId: p.measure, startDate: c.today, capacityOverrideReason: 'banc d’essai' },
      });
      if (!placed) return;
      await c.readAfter('department-caseworker', 'placeChild', caseworkerReads(c.today));
      await c.readAfter('association', 'placeChild', [CHILDREN]);
    },
  },
  {
    // A school declares a pupil (one enrolled elsewhere, or not at all: on a freshly seeded world
    // every school-age child is enrolled), the département confirms (ending the enrolment
    // elsewhere the day before), the school ends the enrolment.
    name: 'enrolment',
    personas: ['school', 'department-manager'],
    prepare: async (db, who, count, day) => {
      const children = await rows<{ id: string }>(
        db,
        `SELECT c.id FROM cases.child c WHERE c.birth_date BETWEEN $1::date - interval '14 years' AND $1::date - interval '6 years'
            AND NOT EXISTS (SELECT 1 FROM partners.enrollment e WHERE e.child_id = c.id
                              AND (e.school_id = $3 OR e.start_date >= $1 OR (e.end_date IS NULL AND e.status = 'DECLARED')))
          ORDER BY c.id LIMIT $2`,
        [day, count, who.school.partner],
      );
      return { school: who.school.partner, children: children.map((r) => r.id) };
    },
    cycle: async (c, { school, children }: { school: string; children: string[] }) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const year = Number(c.today.slice(0, 4)) - (c.today.slice(5) < '09-01' ? 1 : 0);
      const declared = await c.write('school', 'enrollChild', `mutation BenchEnroll($input: EnrollChildInput!) { enrollChild(input: $input) { id version } }`, {
        input: { childId, schoolId: school, schoolYear: `${year}-${year + 1}`, classLevel: 'CM1', startDate: c.today },
      });
      if (declared) await confirmThenEnd(c, 'school', declared.enrollChild, 'confirmEnrollment', 'endEnrollment');
    },
  },
  {
    // A PMI centre starts following a toddler (followed elsewhere or not at all), the département
    // confirms (ending a follow-up elsewhere), the centre ends it.
    name: 'followUp',
    personas: ['pmi', 'department-manager'],
    prepare: async (db, who, count, day) => {
      const children = await rows<{ id: string }>(
        db,
        `SELECT c.id FROM cases.child c WHERE c.birth_date > $1::date - interval '6 years'
            AND NOT EXISTS (SELECT 1 FROM partners.health_follow_up h WHERE h.child_id = c.id AND (h.pmi_id = $3 OR h.start_date >= $1 OR h.status = 'DECLARED'))
          ORDER BY c.id LIMIT $2`,
        [day, count, who.pmi.partner],
      );
      return { pmi: who.pmi.partner, children: children.map((r) => r.id) };
    },
    cycle: async (c, { pmi, children }: { pmi: string; children: string[] }) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const declared = await c.write('pmi', 'startHealthFollowUp', `mutation BenchStartFollowUp($input: StartHealthFollowUpInput!) { startHealthFollowUp(input: $input) { id version } }`, {
        input: { childId, pmiId: pmi, reason: 'Suivi du développement', startDate: c.today },
      });
      if (declared) await confirmThenEnd(c, 'pmi', declared.startHealthFollowUp, 'confirmHealthFollowUp', 'endHealthFollowUp');
    },
  },
  {
    // A judge records a hearing of a child before their court (an hour ago), then its outcome; their
    // hearings (cases), and the week's visits (placements: the court's slice asked of cases, stored).
    name: 'hearing',
    personas: ['judge'],
    prepare: async (db, who, count) => {
      const children = await rows<{ id: string }>(db, `SELECT DISTINCT child_id AS id FROM cases.measure WHERE court_id = $1 ORDER BY 1 LIMIT $2`, [who.judge.partner, count]);
      return { court: who.judge.partner, children: children.map((r) => r.id) };
    },
    cycle: async (c, { court, children }: { court: string; children: string[] }) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const scheduled = await c.write('judge', 'scheduleHearing', `mutation BenchScheduleHearing($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id version } }`, {
        input: { childId, courtId: court, purpose: 'Audience de renouvellement', scheduledAt: new Date(Date.now() - 3_600_000).toISOString() },
      });
      if (!scheduled) return;
      const from = addDays(c.today, -1);
      await c.readAfter('judge', 'scheduleHearing', [courtHearings(from), weekVisits(c.today)]);
      const { id, version } = scheduled.scheduleHearing as { id: string; version: number };
      if (!(await c.write('judge', 'recordHearingOutcome', `mutation BenchHearingOutcome($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id } }`, { input: { id, version, outcome: 'Mesure renouvelée' } }))) return;
      await c.readAfter('judge', 'recordHearingOutcome', [courtHearings(from), weekVisits(c.today)]);
    },
  },
  {
    // An association draws up a plan for a child placed in one of its facilities.
    name: 'childPlan',
    personas: ['association'],
    prepare: async (db, who, count) =>
      (
        await rows<{ id: string }>(
          db,
          `SELECT DISTINCT p.child_id AS id FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
            WHERE f.operator_id = $1 AND p.end_date IS NULL ORDER BY 1 LIMIT $2`,
          [who.association.partner, count],
        )
      ).map((r) => r.id),
    cycle: async (c, children: string[]) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const input = {
        childId,
        needs: [{ domain: 'SCHOOLING', description: 'Soutien scolaire' }],
        objectives: [{ domain: 'SCHOOLING', description: 'Passer en classe supérieure', owner: 'Éducatrice référente', actions: [{ description: 'Aide aux devoirs', owner: 'Éducatrice référente' }] }],
      };
      if (!(await c.write('association', 'createChildPlan', `mutation BenchChildPlan($input: CreateChildPlanInput!) { createChildPlan(input: $input) { id } }`, { input }))) return;
      await c.readAfter('association', 'createChildPlan', [CHILDREN]);
    },
  },
  {
    // The CRIP receives a concern about a known child by phone, then acknowledges it.
    name: 'concern',
    personas: ['crip', 'prosecutor'],
    prepare: async (db, _who, count) => (await rows<{ id: string }>(db, `SELECT id FROM cases.child ORDER BY id DESC LIMIT $1`, [count])).map((r) => r.id),
    cycle: async (c, children: string[]) => {
      const childId = nth(children, c.k);
      if (!childId) return;
      const submitted = await c.write('crip', 'submitConcern', `mutation BenchSubmitConcern($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, {
        input: { channel: 'PHONE', childIds: [childId], content: 'Appel d’une voisine : cris répétés le soir.', urgency: 'NORMAL', sourceKind: 'PERSON', sourcePersonName: 'Une voisine' },
      });
      if (!submitted) return;
      await c.readAfter('crip', 'submitConcern', [CONCERNS]);
      // A concern's children notify every parquet's slice (its referrals' children).
      await c.readAfter('prosecutor', 'submitConcern', [CHILDREN]);
      const { id, version } = submitted.submitConcern as { id: string; version: number };
      if (!(await c.write('crip', 'acknowledgeConcern', `mutation BenchAcknowledgeConcern($id: ID!, $version: Int!) { acknowledgeConcern(id: $id, version: $version) { id } }`, { id, version }))) return;
      await c.readAfter('crip', 'acknowledgeConcern', [CONCERNS]);
    },
  },
];

interface Figure extends SweepFigure {
  /** `write` or `read` (after a write). */
  kind: 'write' | 'read';
}

interface Measured extends Figure {
  times: number[];
  codes: Set<string>;
  message?: string;
  ran: RecordedStatement[];
  perSubgraph: string;
}

runMain(async () => {
  const { children, runs, keep, only, flags: args } = parseBenchCommand(
    {
      command: 'npm run bench:writes',
      usage: '[--children N] [--runs N] [--keep] [--only referent,enrolment] [--out FILE] [--baseline FILE]',
      flags: { out: 'string', baseline: 'string' },
      children: 1000,
      runs: 15,
      only: { what: 'writes', names: WRITES.map((w) => w.name) },
    },
    process.argv.slice(2),
  );
  const baseline = args.baseline ? (JSON.parse(readFileSync(args.baseline, 'utf8')) as Figure[]) : null;
  const log = createLog('bench', 'error');
  const day = today();
  const { server, url, stack } = await openBenchWorld({ database: `passerelle_bench_${children}`, children, keep, today: day, log });
  const db = new Client({ connectionString: url.toString(), options: connectionOptions() });
  await db.connect();
  const recording = recordStatements(stack.subgraphs);
  const created: string[] = [];
  const figures: Measured[] = [];
  try {
    const size = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases.child`)).rows[0]!.n;
    process.stdout.write(`world: ${size} children; ${runs} runs per write after 2 warm-ups, p50/p95 in ms, SQL statements of one request\n`);
    const who = {} as Record<PersonaName, Who>;
    const tokens = {} as Record<PersonaName, string>;
    for (const persona of LARGEST_PERSONAS) {
      who[persona.name] = await persona.who(db);
      tokens[persona.name] = await benchToken({ audience: persona.audience, partnerId: who[persona.name].partner, sub: who[persona.name].sub });
    }
    const ask = async (persona: PersonaName, query: string, variables: Record<string, unknown>): Promise<Answer> => {
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[persona]}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as Answer;
    };
    for (const write of WRITES) {
      if (only && !only.has(write.name)) continue;
      const state: unknown = await write.prepare(db, who, runs + 2, day);
      if (Array.isArray(state) ? state.length === 0 : Object.values(state as object).some((v) => Array.isArray(v) && v.length === 0)) {
        process.stdout.write(`\n${write.name}: nothing to write on in this world (no row fits), skipped\n`);
        continue;
      }
      const mine = new Map<string, Measured>();
      let measuring = false;
      /** Times one request as `persona` under `name` (when measuring). */
      const timed = async (persona: PersonaName, name: string, kind: Figure['kind'], query: string, variables: Record<string, unknown>): Promise<Answer> => {
        const started = performance.now();
        const { result: answer, statements: ran } = await recording(() => ask(persona, query, variables));
        const ms = performance.now() - started;
        if (!measuring) return answer;
        const key = `${persona}\u0000${name}`;
        let f = mine.get(key);
        if (!f) {
          f = { persona, name, kind, p50: 0, p95: 0, statements: 0, errors: 0, times: [], codes: new Set(), ran: [], perSubgraph: '' };
          mine.set(key, f);
        }
        f.times.push(ms);
        f.ran = ran;
        if (answer.errors?.length) {
          f.errors++;
          for (const e of answer.errors) f.codes.add(e.extensions?.code ?? 'UNKNOWN');
          f.message ??= answer.errors[0]!.message;
        }
        return answer;
      };
      const cycle = (k: number): Cycle => ({
        today: day,
        k,
        write: async (persona, name, query, variables) => {
          const answer = await timed(persona, name, 'write', query, variables);
          if (answer.errors?.length || !answer.data) {
            if (!measuring) process.stdout.write(`   (${write.name} warm-up: ${name} refused: ${answer.errors?.[0]?.extensions?.code} ${answer.errors?.[0]?.message})\n`);
            return null;
          }
          return answer.data;
        },
        readAfter: async (persona, after, reads) => {
          for (const r of reads) await timed(persona, `${after} → ${r.name}`, 'read', r.query, r.variables ?? {});
          // Named by the write's cycle: the same read again after another cycle is another figure.
          for (const r of reads) await timed(persona, `${r.name} (again, ${write.name})`, 'read', r.query, r.variables ?? {});
        },
        created: (id) => created.push(id),
      });
      for (let k = 0; k < 2; k++) await write.cycle(cycle(k), state);
      measuring = true;
      for (let k = 2; k < runs + 2; k++) await write.cycle(cycle(k), state);
      process.stdout.write(`\n${write.name} (${write.personas.map((p) => `${p}: ${who[p].partner}${p.startsWith('department') ? ` as ${who[p].sub}` : ''}`).join('; ')})\n`);
      for (const f of mine.values()) {
        f.p50 = percentile(f.times, 50);
        f.p95 = percentile(f.times, 95);
        f.statements = f.ran.length;
        f.perSubgraph = statementsPerSubgraph(f.ran);
        const errors = f.errors > 0 ? `  errors ${f.errors}/${f.times.length} ${[...f.codes].join(',')}: ${f.message?.slice(0, 160)}` : '';
        process.stdout.write(
          `   ${`${f.persona} ${f.name}`.padEnd(64)} p50 ${f.p50.toFixed(1).padStart(7)}  p95 ${f.p95.toFixed(1).padStart(7)}  SQL ${String(f.statements).padStart(3)}${f.perSubgraph ? ` (${f.perSubgraph})` : ''}${errors}\n`,
        );
        figures.push(f);
      }
    }
    if (args.out) {
      writeFileSync(args.out, JSON.stringify(figures.map(({ persona, name, kind, p50, p95, statements, errors }) => ({ persona, name, kind, p50, p95, statements, errors })), null, 1));
      process.stdout.write(`\nfigures written to ${args.out}\n`);
    }
    if (baseline) {
      const slow = regressions(baseline, figures, 1.5, 15);
      process.stdout.write(`\n${slow.length} writes and reads above 1.5 × their p50 in ${args.baseline} and above 15 ms\n`);
      for (const { figure, base } of slow) {
        const f = figure as Measured;
        process.stdout.write(`\n${f.persona} ${f.name}: p50 ${base.p50.toFixed(1)} -> ${f.p50.toFixed(1)} ms, SQL ${base.statements} -> ${f.statements} (${f.perSubgraph})\n`);
        const plan = await explainSlowest(db, f.ran, { writesToo: true });
        if (plan) process.stdout.write(`${plan.join('\n')}\n`);
      }
    }
  } finally {
    // The children it created: gone, so that the world keeps its size (`--keep`).
    if (created.length > 0) await db.query(`DELETE FROM cases.child WHERE id = ANY($1::uuid[])`, [created]).catch((e: Error) => process.stderr.write(`could not delete the children created: ${e.message}\n`));
    await db.end();
    await stack.stop();
    await server.stop();
  }
});
