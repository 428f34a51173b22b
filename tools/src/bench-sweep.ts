import { connectionOptions, createLog, integerFlag, repoPath, runMain, today } from '@passerelle/common';
import { buildSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { parseBenchCommand, recordStatements, statementsPerSubgraph, type RecordedStatement } from './bench-harness';
import { explainSlowest } from './bench-explain';
import { benchToken, openBenchWorld } from './bench-world';
import { regressions, sweepQueries, type ArgumentValues, type SweepFigure } from './sweep-queries';
import { LARGEST_PERSONAS, type Persona, type Queryable, type Who } from './workloads';

/**
 * `npm run bench:sweep -- [--children N] [--runs N] [--keep] [--only school,judge] [--out FILE]
 * [--baseline FILE] [--min-ms N]`: does any read of any partner slow down with the size of the world (issue
 * 14, "flat with size")? Rather than a few hand-written workloads (`npm run bench:scale`), every
 * list of each audience's contract: for each persona of tools/src/workloads.ts's LARGEST_PERSONAS
 * (each partner audience as its largest institution, the département as a manager and as a
 * caseworker of the largest team), the reads tools/src/sweep-queries.ts generates from
 * schema/contracts/<audience>.graphql — every root connection or list, `first: 20`, `nodes { id }`,
 * and each list of a Child under `children` — their required arguments chosen in the database
 * (the week and facility with the most visits, the court with the most hearings…). Each runs
 * `--runs` times (15) at one connection through the gateway after two warm-ups; printed per
 * persona, slowest first: p50/p95, the SQL statements per subgraph of one request, and the errors
 * (their codes: FORBIDDEN where the audience may not read the field is expected).
 * `--out FILE` writes the figures as JSON; `--baseline FILE` (those of a smaller world) lists the
 * reads whose p50 is above 1.5 × the baseline's and above `--min-ms` (25) ms, each with its slowest statement
 * and that statement's plan (EXPLAIN ANALYZE, BUFFERS). Asserts nothing (machines are noisy).
 */

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** The required arguments' values for `persona`, chosen in `db` (GraphQL literals). */
async function chooseArguments(db: Queryable, persona: Persona, who: Who): Promise<ArgumentValues> {
  const one = async <T extends object>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0];
  // The facility and the week with the most visits (an association: among its own facilities).
  const own = persona.audience === 'association';
  const busiest = await one<{ facility: string; week: string }>(
    `SELECT p.facility_id AS facility, to_char(date_trunc('week', v.planned_on), 'YYYY-MM-DD') AS week
       FROM placements.visit v JOIN placements.visit_right r ON r.id = v.visit_right_id JOIN placements.placement p ON p.child_id = r.child_id
       ${own ? 'JOIN placements.facility f ON f.id = p.facility_id WHERE f.operator_id = $1' : ''}
      GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`,
    own ? [who.partner] : [],
  );
  // The court with the most hearings (a judge: its own) and the first day of its busiest term.
  const judge = persona.audience === 'judge';
  const court = await one<{ court: string; from: string }>(
    `SELECT court_id AS court, to_char(date_trunc('month', mode() WITHIN GROUP (ORDER BY scheduled_at)), 'YYYY-MM-DD') AS from
       FROM cases.hearing ${judge ? 'WHERE court_id = $1' : ''} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    judge ? [who.partner] : [],
  );
  const commune = await one<{ code: string }>(`SELECT commune_code AS code FROM cases.child GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const agreements = await one<{ partner: string }>(`SELECT partner_id AS partner FROM partners.agreement GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const quoted = (s: string | undefined) => (s === undefined ? undefined : JSON.stringify(s));
  const values: Record<string, string | undefined> = {
    withinDays: '366',
    before: '"2036-01-01"',
    from: quoted(court?.from),
    // Only a non-judge names a court: a judge's own by default.
    courtId: judge ? undefined : quoted(court?.court),
    facilityId: quoted(busiest?.facility),
    week: quoted(busiest?.week),
    childAge: '10',
    communeCode: quoted(commune?.code),
    partnerId: quoted(agreements?.partner),
  };
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}

interface Result extends SweepFigure {
  codes: string[];
  perSubgraph: string;
  query: string;
  /** The statements of one request (after warm-up). */
  ran: RecordedStatement[];
}

runMain(async () => {
  const { children, runs, keep, only, flags: args } = parseBenchCommand(
    {
      command: 'npm run bench:sweep',
      usage: '[--children N] [--runs N] [--keep] [--only school,judge] [--out FILE] [--baseline FILE] [--min-ms N]',
      flags: { out: 'string', baseline: 'string', 'min-ms': 'string' },
      children: 1000,
      runs: 15,
      only: { what: 'personas', names: LARGEST_PERSONAS.map((p) => p.name) },
    },
    process.argv.slice(2),
  );
  const minMs = integerFlag({ command: 'npm run bench:sweep' }, 'min-ms', args['min-ms'], 25, 0);
  const baseline = args.baseline ? (JSON.parse(readFileSync(args.baseline, 'utf8')) as SweepFigure[]) : null;
  const log = createLog('bench', 'error');
  const { server, url, stack } = await openBenchWorld({ database: `passerelle_bench_${children}`, children, keep, today: today(), log });
  const db = new Client({ connectionString: url.toString(), options: connectionOptions() });
  await db.connect();

  const recording = recordStatements(stack.subgraphs);

  const results: Result[] = [];
  try {
    const sizes = (await db.query<{ children: string }>(`SELECT count(*) AS children FROM cases.child`)).rows[0]!;
    process.stdout.write(`world: ${sizes.children} children; ${runs} runs per read, p50/p95 in ms, SQL statements of one request\n`);
    for (const persona of LARGEST_PERSONAS) {
      if (only && !only.has(persona.name)) continue;
      const who = await persona.who(db);
      const values = await chooseArguments(db, persona, who);
      const contract = buildSchema(readFileSync(repoPath(`schema/contracts/${persona.audience}.graphql`), 'utf8'));
      const reads = sweepQueries(contract, values);
      const token = await benchToken({ audience: persona.audience, partnerId: who.partner, sub: who.sub });
      const ask = async (query: string) => {
        const response = await fetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        });
        return (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      };
      const mine: Result[] = [];
      for (const read of reads) {
        if (read.query === null) {
          process.stdout.write(`   (${persona.name} ${read.name}: skipped, no value for ${read.missing.join(', ')})\n`);
          continue;
        }
        for (let k = 0; k < 2; k++) await ask(read.query);
        const query = read.query;
        const { statements: ran } = await recording(() => ask(query));
        const times: number[] = [];
        let errors = 0;
        const codes = new Set<string>();
        for (let k = 0; k < runs; k++) {
          const started = performance.now();
          const answer = await ask(read.query);
          times.push(performance.now() - started);
          if (answer.errors?.length) {
            errors++;
            for (const e of answer.errors) codes.add(e.extensions?.code ?? 'UNKNOWN');
          }
        }
        mine.push({
          persona: persona.name,
          name: read.name,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          statements: ran.length,
          errors,
          codes: [...codes],
          perSubgraph: statementsPerSubgraph(ran),
          query: read.query,
          ran,
        });
      }
      process.stdout.write(`\n${persona.name} (${persona.audience}; ${who.partner} as ${who.sub}; ${mine.length} reads)\n`);
      for (const r of [...mine].sort((a, b) => b.p50 - a.p50)) {
        const errors = r.errors > 0 ? `  errors ${r.errors}/${runs} ${r.codes.join(',')}` : '';
        process.stdout.write(
          `   ${r.name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}  SQL ${String(r.statements).padStart(3)}${r.perSubgraph ? ` (${r.perSubgraph})` : ''}${errors}\n`,
        );
      }
      results.push(...mine);
    }
    if (args.out) {
      writeFileSync(args.out, JSON.stringify(results.map(({ ran: _ran, perSubgraph: _p, ...figure }) => figure), null, 1));
      process.stdout.write(`\nfigures written to ${args.out}\n`);
    }
    if (baseline) {
      const slow = regressions(baseline, results, 1.5, minMs);
      process.stdout.write(`\n${slow.length} reads above 1.5 × their p50 in ${args.baseline} and above ${minMs} ms\n`);
      for (const { figure, base } of slow) {
        const r = figure as Result;
        process.stdout.write(`\n${r.persona} ${r.name}: p50 ${base.p50.toFixed(1)} -> ${r.p50.toFixed(1)} ms, SQL ${base.statements} -> ${r.statements}\n   ${r.query}\n`);
        // Its slowest statement (planning + execution), and that statement's plan.
        const plan = await explainSlowest(db, r.ran);
        if (plan) process.stdout.write(`${plan.join('\n')}\n`);
      }
    }
  } finally {
    await db.end();
    await stack.stop();
    await server.stop();
  }
});
