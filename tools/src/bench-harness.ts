import { AUDIENCE_PARTNER_KINDS, integerFlag, isAudience, parseCommand, UsageError, type Audience, type ParsedFlags, type StatementCounter } from '@passerelle/common';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { PartnerWorkload } from './workloads';

/**
 * The pure parts of `npm run bench` (issue 14): percentiles and medians, workload files, the
 * identical-data check and the tables it prints. No I/O here: bench-harness.test.ts covers it.
 */

/** A partner workload: who asks (audience, institution, member) and what. */
export interface Workload {
  /** Short name in the tables (W1…, or the file's name). */
  name: string;
  /** One line saying what it is. */
  title: string;
  audience: Audience;
  /** The institution's id; absent: the first seeded institution of the audience's kind. */
  partnerId?: string;
  /** The member's id (token `sub`); absent: member 0 of that institution. */
  member?: string;
  query: string;
  variables: Record<string, unknown>;
  /** A built-in workload (tools/src/workloads.ts): its institution, member and variables are chosen in each size's database as it says. */
  catalogued?: PartnerWorkload;
}

/** The `p`th percentile (nearest rank, 0 < p ≤ 100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How far the rounds spread around their median: half their range over the median, as a whole
 * percentage (`±12%`); empty for fewer than two rounds or no median. What a difference between
 * two figures must exceed to mean something on this machine.
 */
export function spread(values: readonly number[]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  const m = median(finite);
  if (finite.length < 2 || !Number.isFinite(m) || m === 0) return '';
  return ` ±${Math.round(((Math.max(...finite) - Math.min(...finite)) / 2 / Math.abs(m)) * 100)}%`;
}

/** `a / b`, or NaN when either is missing or b is 0. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

/** A figure for a table: `digits` decimals, `–` when missing. */
export function figure(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A Markdown table (pipes, a header rule, columns padded; the first column left, the others right). */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const row of rows) if (row.length !== headers.length) throw new Error(`a row of ${row.length} cells in a table of ${headers.length} columns`);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length), 3));
  const cell = (text: string, i: number) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/**
 * JSON with every object's keys sorted: two answers are the same data when their canonical
 * forms are equal (the order of a list's items counts; the order of an object's keys does not).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The first place where two values differ (`data.children.nodes.3.lastName`), or null when they are the same. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | null {
  if (canonicalJson(a) === canonicalJson(b)) return null;
  const here = at || '(root)';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${here} (${a.length} items against ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], at ? `${at}.${i}` : String(i));
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const atKey = at ? `${at}.${k}` : k;
      if ((a as Record<string, unknown>)[k] === undefined || (b as Record<string, unknown>)[k] === undefined) {
        if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return `${atKey} (absent from one)`;
        continue;
      }
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], atKey);
      if (d) return d;
    }
  }
  return here;
}

/** A GraphQL answer as a client reads it. */
export interface Answer {
  data?: unknown;
  errors?: readonly { message?: string; path?: readonly (string | number)[]; extensions?: { code?: unknown } }[];
}

/**
 * Whether every gateway returned the same data for a workload: null when they did (and without
 * errors), else one line saying which differs from the first and where, or which answered an error.
 */
export function identicalData(answers: Readonly<Record<string, Answer>>): string | null {
  const names = Object.keys(answers);
  if (names.length === 0) return 'no answer';
  for (const name of names) {
    const error = answers[name]!.errors?.[0];
    if (error) return `${name} answered an error: ${error.message ?? '?'}${error.extensions?.code ? ` (${String(error.extensions.code)})` : ''}${error.path ? ` at ${error.path.join('.')}` : ''}`;
    if (answers[name]!.data === undefined || answers[name]!.data === null) return `${name} answered no data`;
  }
  const [first, ...others] = names;
  for (const name of others) {
    const where = firstDifference(answers[first!]!.data, answers[name]!.data, 'data');
    if (where) return `${name} differs from ${first} at ${where}`;
  }
  return null;
}

/** The one operation of a document, or a usage error naming the file. */
function soleOperation(query: string, source: string): OperationDefinitionNode {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  } catch (error) {
    throw new UsageError(`${source}: the query does not parse (${(error as Error).message})`);
  }
  if (operations.length !== 1) throw new UsageError(`${source}: one operation expected, got ${operations.length}`);
  if (operations[0]!.operation !== 'query') throw new UsageError(`${source}: a query expected (a benchmark repeats it), got a ${operations[0]!.operation}`);
  return operations[0]!;
}

/**
 * A workload file, JSON or GraphQL:
 * - JSON: `{ "audience": "school", "query": "…", "variables": {…}, "partner": "<id>", "member": "<id>", "title": "…" }`
 *   (`variables`, `partner`, `member` and `title` optional);
 * - GraphQL: the query, with its settings in `# key: value` comment lines at the top
 *   (`# audience: judge`, `# variables: {"first": 50}`, `# partner: …`, `# member: …`, `# title: …`).
 * `name` is what the tables call it (the file's name without its extension).
 */
export function parseWorkload(text: string, name: string, source = name): Workload {
  let fields: Record<string, unknown>;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${source}: not JSON (${(error as Error).message})`);
    }
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new UsageError(`${source}: a JSON object expected`);
  } else {
    fields = { query: text };
    for (const line of text.split('\n')) {
      const match = /^\s*#\s*(audience|variables|partner|member|title)\s*:\s*(.*?)\s*$/.exec(line);
      if (!match) continue;
      if (match[1] === 'variables') {
        try {
          fields.variables = JSON.parse(match[2]!);
        } catch (error) {
          throw new UsageError(`${source}: "# variables:" is not JSON (${(error as Error).message})`);
        }
      } else {
        fields[match[1]!] = match[2];
      }
    }
  }
  const known = new Set(['audience', 'query', 'variables', 'partner', 'member', 'title']);
  const unknown = Object.keys(fields).filter((k) => !known.has(k));
  if (unknown.length) throw new UsageError(`${source}: unknown key ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${[...known].join(', ')})`);
  const { audience, query, variables, partner, member, title } = fields;
  if (!isAudience(audience)) throw new UsageError(`${source}: "audience" must be one of ${Object.keys(AUDIENCE_PARTNER_KINDS).join(', ')}, got ${JSON.stringify(audience)}`);
  if (typeof query !== 'string' || query.trim() === '') throw new UsageError(`${source}: "query" must be a GraphQL query`);
  const operation = soleOperation(query, source);
  if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) throw new UsageError(`${source}: "variables" must be an object`);
  for (const [key, value] of Object.entries({ partner, member, title })) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new UsageError(`${source}: "${key}" must be a non-empty string`);
  }
  return {
    name,
    title: (title as string | undefined) ?? `${audience}: ${operation.name?.value ?? 'anonymous query'}`,
    audience,
    ...(partner ? { partnerId: partner as string } : {}),
    ...(member ? { member: member as string } : {}),
    query,
    variables: (variables as Record<string, unknown> | undefined) ?? {},
  };
}

/** A subgraph request the gateway sent for one client request, as recorded (times in ms, any origin). */
export interface RecordedFetch {
  subgraph: string;
  query: string;
  variables: Record<string, unknown>;
  start: number;
  end: number;
}

/**
 * The query plan as it ran, in waves: a fetch joins the current wave when it started before
 * every fetch of that wave had ended (it did not wait for them), else it starts the next wave
 * (it waited for an answer). Replaying the waves in turn, each one's fetches at once, is the
 * floor: the subgraphs' part of the request without a gateway.
 */
export function planWaves(fetches: readonly RecordedFetch[]): RecordedFetch[][] {
  const sorted = [...fetches].sort((a, b) => a.start - b.start);
  const waves: RecordedFetch[][] = [];
  for (const fetch of sorted) {
    const current = waves[waves.length - 1];
    if (current && current.every((f) => fetch.start < f.end)) current.push(fetch);
    else waves.push([fetch]);
  }
  return waves;
}

/** `--sizes 1000,100000` or `--gateways P,A,H`: a comma-separated list, checked item by item. */
export function listFlag<T>(command: string, flag: string, value: string | undefined, fallback: readonly T[], item: (text: string) => T | undefined): T[] {
  if (value === undefined) return [...fallback];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const parsed = items.map((text) => {
    const v = item(text);
    if (v === undefined) throw new UsageError(`${command}: --${flag} has "${text}", which it does not take`);
    return v;
  });
  if (parsed.length === 0) throw new UsageError(`${command}: --${flag} must list at least one`);
  return [...new Set(parsed)];
}

/** The flags the world benches share: `--children N`, `--runs N`, `--keep` and, where a bench has named parts, `--only a,b`. */
const BENCH_FLAGS = { children: 'string', runs: 'string', keep: 'boolean', only: 'string' } as const;

/** A world bench's command line: its own flags besides the shared ones, and their defaults. */
export interface BenchSpec<F extends Record<string, 'string' | 'boolean'>> {
  /** `npm run bench:sweep`. */
  command: string;
  /** The whole usage line, shared flags included. */
  usage: string;
  /** The bench's own flags (the shared ones are added). */
  flags: F;
  /** `--children` when absent. */
  children: number;
  /** `--runs` when absent. */
  runs: number;
  /** What `--only` picks from (`personas`, `workloads`) and their names; absent: no `--only`. */
  only?: { what: string; names: readonly string[] };
}

export interface BenchCommand<F extends Record<string, 'string' | 'boolean'>> {
  /** The world's size (from 1). */
  children: number;
  /** Timed runs of each measure (from 1). */
  runs: number;
  /** Reuse the database a previous run seeded with as many children. */
  keep: boolean;
  /** The names `--only` kept (each one of `spec.only.names`), or null: all of them. */
  only: ReadonlySet<string> | null;
  /** Every flag as given (the bench's own included). */
  flags: ParsedFlags<typeof BENCH_FLAGS & F>;
}

/**
 * Parses a world bench's command line: the shared `--children`, `--runs`, `--keep` and (with
 * `spec.only`) `--only`, and the bench's own flags, which it reads from `flags`. Each name of
 * `--only` must be one of `spec.only.names`, else a UsageError listing them.
 */
export function parseBenchCommand<F extends Record<string, 'string' | 'boolean'>>(spec: BenchSpec<F>, argv: readonly string[]): BenchCommand<F> {
  const { only: _only, ...shared } = BENCH_FLAGS;
  const { flags } = parseCommand({ command: spec.command, usage: spec.usage, flags: { ...shared, ...(spec.only ? { only: 'string' } : {}), ...spec.flags } }, argv);
  const given = flags as ParsedFlags<typeof BENCH_FLAGS>;
  const children = integerFlag(spec, 'children', given.children, spec.children, 1);
  const runs = integerFlag(spec, 'runs', given.runs, spec.runs, 1);
  let only: Set<string> | null = null;
  if (spec.only && given.only !== undefined) {
    const { what, names } = spec.only;
    const picked = listFlag(spec.command, 'only', given.only, [], (name) => name);
    const unknown = picked.filter((name) => !names.includes(name));
    if (unknown.length > 0) throw new UsageError(`${spec.command}: --only names ${what} ${names.join(', ')}, got ${unknown.join(', ')}`);
    only = new Set(picked);
  }
  return { children, runs, keep: given.keep === true, only, flags: flags as BenchCommand<F>['flags'] };
}

/** A SQL statement a subgraph ran, as its DataSource sent it. */
export interface RecordedStatement {
  subgraph: string;
  sql: string;
  params: unknown[];
}

/**
 * Hooks each subgraph's statement counter (`stack.subgraphs`, by name): the returned function runs
 * `work` and gives back, besides its result, the statements the subgraphs ran meanwhile (all of
 * them: run one request at a time). The counters go on counting as before.
 */
export function recordStatements(subgraphs: Readonly<Record<string, { db: { statements: Pick<StatementCounter, 'logQuery'> } }>>): <T>(work: () => Promise<T>) => Promise<{ result: T; statements: RecordedStatement[] }> {
  let recording: RecordedStatement[] | null = null;
  for (const [name, s] of Object.entries(subgraphs)) {
    const counter = s.db.statements;
    const logQuery = counter.logQuery.bind(counter);
    counter.logQuery = (sql, params, runner) => {
      recording?.push({ subgraph: name, sql, params: params ?? [] });
      logQuery(sql, params, runner);
    };
  }
  return async (work) => {
    const statements: RecordedStatement[] = [];
    recording = statements;
    try {
      return { result: await work(), statements };
    } finally {
      recording = null;
    }
  };
}

/**
 * `cases 3, partners 1`: how many of `statements` each subgraph ran, in the order of `names`
 * (every one, 0 included) or, without, of each subgraph's first statement (only those that ran some).
 */
export function statementsPerSubgraph(statements: readonly RecordedStatement[], names?: readonly string[]): string {
  const counts = new Map<string, number>((names ?? []).map((name) => [name, 0]));
  for (const s of statements) counts.set(s.subgraph, (counts.get(s.subgraph) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
}

/** What the bench reads of a process's /proc/<pid>/stat: its parent, start and CPU times (clock ticks). */
export interface ProcStat {
  pid: number;
  /** The executable's name as the kernel keeps it (at most 15 characters; may hold spaces and parentheses). */
  comm: string;
  ppid: number;
  /** The process's own user and system time. */
  utime: number;
  stime: number;
  /** The user and system time of its children it has waited for (a PostgreSQL backend's, once it ended). */
  cutime: number;
  cstime: number;
  /** When it started, in clock ticks after boot. */
  starttime: number;
}

/**
 * One /proc/<pid>/stat line (proc(5)). The name sits in parentheses and may itself hold spaces and
 * parentheses, so the fields after it are counted from the last `)`, never split from the start.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  // After the name: state (field 3), ppid (4), … utime (14), stime (15), cutime (16), cstime (17), … starttime (22).
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (rest[n - 3] === undefined || !Number.isInteger(value)) throw new Error(`/proc/<pid>/stat field ${n} is ${JSON.stringify(rest[n - 3])}, not a number`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
    starttime: field(22),
  };
}

/**
 * Whether `candidate` (the parent of the server's backend, by the pid the server gave) is the
 * server's postmaster: it must exist here and have started when the server says it did
 * (`startedAt`, pg_postmaster_start_time in seconds since the epoch), within a few seconds (the
 * server notes its start after loading its libraries; btime is rounded to the second). A pid
 * alone proves nothing: a server in a container or on another host numbers its processes its own
 * way, and the number may name some process here.
 */
export function isPostmaster(candidate: ProcStat | undefined, startedAt: number, boot: { btime: number; hz: number }): candidate is ProcStat {
  return candidate !== undefined && Math.abs(boot.btime + candidate.starttime / boot.hz - startedAt) <= 5;
}

/**
 * The CPU time (clock ticks, user + system) a PostgreSQL server has spent so far: the postmaster's
 * own and that of its children it has reaped (backends that ended, finished autovacuum workers),
 * plus each live child's (backends, WAL writer, checkpointer, autovacuum…). A child that ends
 * between two readings moves from the second sum to the first, so the total only grows.
 */
export function serverCpuTicks(postmaster: number, processes: readonly ProcStat[]): number {
  return processes
    .filter((p) => p.pid === postmaster || p.ppid === postmaster)
    .reduce((sum, p) => sum + p.utime + p.stime + p.cutime + p.cstime, 0);
}
