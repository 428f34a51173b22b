import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Audience } from '@passerelle/common';
import { internalTexts } from './support/internal-text';
import { seededAs, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12: a few thousand seeded random and mutated requests to the gateway, over HTTP, with the
 * tokens of several audiences: operations built from the audiences' contracts, then damaged (wrong
 * types, nulls, huge numbers, null characters, unknown fields, bad cursors, truncated documents,
 * deep nesting, duplicate operations, bad operation names, malformed bodies). Whatever comes in:
 * no 5xx (but a deliberate 503 SERVICE_UNAVAILABLE), no internal text (SQL, driver, subgraph URL,
 * stack), every error with a code, and every process still answering at the end.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_REQUESTS=<n> changes its size.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const CONCURRENCY = 8;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof prng>;

const AUDIENCES: Audience[] = ['department', 'school', 'judge', 'association', 'crip', 'pmi', 'analyst', 'prosecutor', 'snated', 'concern_sender'];
const WORDS = ['lea', 'Marchand', 'foyer', 'Nantes', '44109', 'x', '', 'ÉCOLE', 'zz9', 'Ré', '\u00e9t\u00e9', '🙂', 'a b'];

/** Strings no good value looks like: each one a class of damage. */
const BAD_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x'.repeat(5000),
  '2020-13-45',
  '0000-00-00',
  '2020-02-30T25:61:00Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000\u0000',
  "' OR 1=1 --",
  '%00',
  '{"k":1}',
  Buffer.from('{"key":["Z",1]}').toString('base64url'),
  Buffer.from('\u0000\u0001garbage').toString('base64'),
  'YWJj',
];
const BAD_NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1, 0, 1.5, -0.000001];

function uuid(random: Random): string {
  const hex = () => random.int(16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

/** A value its type accepts (usually): what a correct client sends. */
function goodValue(type: GraphQLInputType, random: Random, depth = 0): unknown {
  if (isNonNullType(type)) return goodValue(type.ofType, random, depth);
  if (isListType(type)) return Array.from({ length: 1 + random.int(2) }, () => goodValue(type.ofType, random, depth + 1));
  if (isEnumType(type)) return random.pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (depth > 3) break;
      if (isNonNullType(field.type) || random.chance(0.3)) value[field.name] = goodValue(field.type, random, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case 'Int':
      return random.pick([1, 2, 5, 20, 100, 0, 61]);
    case 'Float':
      return random.next() * 10;
    case 'Boolean':
      return random.chance(0.5);
    case 'ID':
      return uuid(random);
    case 'LocalDate':
      return random.pick(['2020-01-01', '2026-11-01', '2019-04-02', '2026-10-01', '2026-12-31']);
    case 'DateTimeISO':
      return random.pick(['2026-11-01T10:00:00.000Z', '2020-01-01T00:00:00Z']);
    default:
      return random.pick(WORDS);
  }
}

/** A value damaged in one of the ways a careless or hostile client damages them. */
function badValue(type: GraphQLInputType, random: Random): unknown {
  const named = getNamedType(type);
  switch (random.int(9)) {
    case 0:
      return null;
    case 1:
      return random.pick(BAD_NUMBERS);
    case 2:
      return random.pick(BAD_STRINGS);
    case 3:
      return { unknownField: random.pick(BAD_STRINGS) };
    case 4:
      return [random.pick(BAD_STRINGS), null];
    case 5:
      return isInputObjectType(named) ? { ...(goodValue(named, random) as object), [random.pick(Object.keys(named.getFields()))]: random.pick(BAD_STRINGS) } : random.chance(0.5);
    case 6:
      return isEnumType(named) ? 'NOT_A_VALUE' : `${random.pick(WORDS)}\u0000`;
    case 7:
      return isScalarType(named) && named.name === 'Int' ? random.pick(BAD_NUMBERS) : random.pick(BAD_STRINGS);
    default:
      return goodValue(type, random);
  }
}

/** A JSON value as a GraphQL literal (what the same value looks like inline). */
function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, isListType(type) ? type.ofType : isNonNullType(type) && isListType(type.ofType) ? type.ofType.ofType : type)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, (fields[k]?.type ?? named) as GraphQLInputType)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string' && isEnumType(named) && /^[A-Z_][A-Z0-9_]*$/.test(value)) return value;
  return JSON.stringify(value);
}

interface Built {
  query: string;
  variables: Record<string, unknown>;
}

/** A selection of `type`'s fields, `depth` levels deep, with arguments (inline or as variables). */
function selection(type: GraphQLObjectType, random: Random, depth: number, vars: { defs: string[]; values: Record<string, unknown> }, damage: boolean): string {
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
  const chosen = new Set<GraphQLField<unknown, unknown>>();
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) chosen.add(random.pick(depth > 0 ? fields : leaves.length > 0 ? leaves : fields));
  const parts: string[] = [];
  for (const field of chosen) {
    const target = getNamedType(field.type);
    if (!isLeafType(target) && (depth <= 0 || !isObjectType(target))) {
      if (!isObjectType(target)) continue;
      parts.push(`${field.name}${args(field, random, vars, damage)} { __typename }`);
      continue;
    }
    const sub = isObjectType(target) ? ` { ${selection(target, random, depth - 1, vars, damage)} }` : '';
    const alias = random.chance(0.1) ? `a${random.int(1000)}: ` : '';
    parts.push(`${alias}${field.name}${args(field, random, vars, damage)}${sub}`);
  }
  return parts.length > 0 ? parts.join(' ') : '__typename';
}

function args(field: GraphQLField<unknown, unknown>, random: Random, vars: { defs: string[]; values: Record<string, unknown> }, damage: boolean): string {
  const given: string[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type) && random.chance(0.5)) continue;
    const bad = damage && random.chance(0.3);
    const value = bad ? badValue(arg.type, random) : goodValue(arg.type, random);
    if (random.chance(0.5)) {
      const name = `v${vars.defs.length}`;
      vars.defs.push(`$${name}: ${arg.type.toString()}`);
      vars.values[name] = value;
      given.push(`${arg.name}: $${name}`);
    } else {
      given.push(`${arg.name}: ${literal(value, arg.type)}`);
    }
  }
  if (damage && random.chance(0.05)) given.push(`unknownArgument: ${JSON.stringify(random.pick(BAD_STRINGS))}`);
  return given.length > 0 ? `(${given.join(', ')})` : '';
}

function operation(schema: GraphQLSchema, random: Random, damage: boolean): Built {
  const mutation = schema.getMutationType();
  const root = mutation && random.chance(0.3) ? mutation : schema.getQueryType()!;
  const vars = { defs: [] as string[], values: {} as Record<string, unknown> };
  const fields = Object.values(root.getFields());
  const field = random.pick(fields);
  const target = getNamedType(field.type);
  const sub = isObjectType(target) ? ` { ${selection(target, random, 2, vars, damage)} }` : '';
  const body = `${field.name}${args(field, random, vars, damage)}${sub}`;
  const kind = root === mutation ? 'mutation' : 'query';
  const defs = vars.defs.length > 0 ? `(${vars.defs.join(', ')})` : '';
  return { query: `${kind} Fuzz${defs} { ${body} }`, variables: vars.values };
}

/** `value` with a null character added to one of its strings (at random), or to a new one. */
function withNul(value: Record<string, unknown>, random: Random): Record<string, unknown> {
  const copy = structuredClone(value);
  const strings: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((item, i) => (typeof item === 'string' ? strings.push([v, i]) : walk(item)));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) typeof item === 'string' ? strings.push([v as Record<string, unknown>, k]) : walk(item);
  };
  walk(copy);
  if (strings.length === 0) return { ...copy, v0: '\u0000' };
  const [holder, key] = random.pick(strings);
  (holder as Record<string | number, unknown>)[key] = `${String((holder as Record<string | number, unknown>)[key])}${random.pick(['\u0000', '\u0000x', ''])}\u0000`;
  return copy;
}

interface FuzzRequest {
  kind: string;
  audience: string;
  contentType: string;
  body: string;
}

/** One request: an operation of the audience's contract, damaged or not, in a body damaged or not. */
function fuzzRequest(contracts: Record<string, GraphQLSchema>, random: Random): FuzzRequest {
  const audience = random.pick(AUDIENCES);
  const schema = contracts[audience]!;
  const built = operation(schema, random, random.chance(0.7));
  let { query } = built;
  let variables: unknown = built.variables;
  let operationName: unknown = 'Fuzz';
  let kind = 'operation';
  switch (random.int(16)) {
    case 0:
      kind = 'truncated document';
      query = query.slice(0, random.int(query.length));
      break;
    case 1: {
      kind = 'deep nesting';
      const depth = 20 + random.int(200);
      query = `query Fuzz { children(first: 1) { nodes { ${'family { children { '.repeat(depth)} id ${'} } '.repeat(depth)} } } }`;
      break;
    }
    case 2:
      kind = 'duplicate operations';
      query = `${query}\n${query}`;
      break;
    case 3:
      kind = 'bad operationName';
      operationName = random.pick(['Nope', '', 42, null, 'Fuzz\u0000', ['Fuzz']]);
      break;
    case 4:
      kind = 'two anonymous operations';
      query = `{ __typename } { __typename }`;
      operationName = undefined;
      break;
    case 5:
      kind = 'subscription';
      query = query.replace(/^(query|mutation)/, 'subscription');
      break;
    case 6:
      kind = 'bad variables';
      variables = random.pick(['{"a":1}', [1, 2], 42, { v0: { deeply: { nested: ['\u0000'] } } }, null]);
      break;
    case 7:
      kind = 'undeclared variable';
      query = query.replace(/\$v0\b(?!:)/, '$undeclared');
      break;
    case 8: {
      kind = 'character damage';
      const at = random.int(query.length);
      query = query.slice(0, at) + random.pick(['{', '}', '(', '"', '\u0000', '@skip(if: "x")', '...', '$', '\\u0000', '#']) + query.slice(at + 1);
      break;
    }
    case 10:
    case 11: {
      // A correct operation whose one string value carries a null character: what reached PostgreSQL.
      kind = 'null character in a good value';
      const good = operation(schema, random, false);
      query = good.query;
      variables = withNul(good.variables, random);
      break;
    }
    case 9:
      kind = 'fragment cycle';
      query = 'query Fuzz { ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
      break;
    default:
      break;
  }
  if (random.chance(0.06)) {
    const malformed: [string, string, string][] = [
      ['malformed JSON', 'application/json', `{"query": ${JSON.stringify(query)}`],
      ['empty body', 'application/json', ''],
      ['JSON array', 'application/json', `[${JSON.stringify({ query })}]`],
      ['JSON string', 'application/json', JSON.stringify(query)],
      ['query not a string', 'application/json', JSON.stringify({ query: 42 })],
      ['wrong content type', 'text/plain', query],
      ['form body', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(query)}`],
      ['persisted query with a wrong hash', 'application/json', JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
      ['unknown persisted-query version', 'application/json', JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } })],
      ['null bytes in JSON', 'application/json', `{"query":"{ __typename }","extensions":{"\\u0000":"\\u0000"}}`],
    ];
    const [name, contentType, body] = random.pick(malformed);
    return { kind: name, audience, contentType, body };
  }
  return { kind, audience, contentType: 'application/json', body: JSON.stringify({ query, variables, operationName }) };
}

describe(`fuzzing the gateway (FUZZ_SEED=${SEED})`, () => {
  // Throughput, not a bound: the platform writes an audit record per operation, and a loaded
  // two-core machine serves 15-40 of them a second. The assertions are about answers only.
  jest.setTimeout(400_000);
  let stack: TestStack;
  let requests: FuzzRequest[];
  const tokens: Record<string, string | null> = { none: null, garbage: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };

  beforeAll(async () => {
    // Every request is made before the platform starts: the generation is synchronous work that
    // would otherwise hold the event loop while the client's idle keep-alive sockets time out.
    process.stderr.write(`[fuzz] FUZZ_SEED=${SEED}, ${REQUESTS} requests\n`);
    const contracts = Object.fromEntries(
      AUDIENCES.map((a) => [a, buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'contracts', `${a}.graphql`), 'utf8'))]),
    );
    const random = prng(SEED);
    requests = Array.from({ length: REQUESTS }, () => fuzzRequest(contracts, random));
    // A few requests with a token that is not one, or none.
    for (let i = 0; i < requests.length; i += 97) requests[i] = { ...requests[i]!, audience: random.pick(['none', 'garbage']) };
    stack = await startTestStack({ children: 6 });
    for (const audience of AUDIENCES) tokens[audience] = await stack.token(seededAs(audience));
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('answers every request with a coded error or data: no 5xx, no internal text, everyone alive', async () => {

    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    const violations: string[] = [];
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        const request = requests[index]!;
        const token = tokens[request.audience];
        let status: number;
        let text: string;
        try {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': request.contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: request.body,
            signal: AbortSignal.timeout(30_000),
          });
          status = response.status;
          text = await response.text();
        } catch (error) {
          violations.push(`#${index} (${request.kind}, ${request.audience}): no answer (${(error as Error).message})`);
          continue;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const where = `#${index} (${request.kind}, ${request.audience}) HTTP ${status}`;
        let parsed: { errors?: { extensions?: { code?: unknown } }[] };
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          violations.push(`${where}: not JSON: ${text.slice(0, 200)}`);
          continue;
        }
        const errorCodes = (parsed.errors ?? []).map((e) => e.extensions?.code);
        for (const code of errorCodes) codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
        if (status >= 500 && !(status === 503 && errorCodes.every((c) => c === 'SERVICE_UNAVAILABLE'))) violations.push(`${where}: ${text.slice(0, 300)}`);
        if (errorCodes.some((c) => typeof c !== 'string')) violations.push(`${where}: an error without a code: ${text.slice(0, 300)}`);
        if (errorCodes.includes('INTERNAL_SERVER_ERROR')) violations.push(`${where}: INTERNAL_SERVER_ERROR: ${text.slice(0, 300)}`);
        const leaked = internalTexts(text);
        if (leaked.length > 0) violations.push(`${where}: ${leaked.join(', ')}: ${text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    const sorted = (m: Map<string | number, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
    process.stderr.write(
      `[fuzz] FUZZ_SEED=${SEED}: ${REQUESTS} requests in ${seconds.toFixed(1)} s (${(REQUESTS / seconds).toFixed(0)}/s)\n` +
        `[fuzz] HTTP statuses: ${sorted(statuses)}\n[fuzz] error codes: ${sorted(codes)}\n` +
        (violations.length > 0 ? `[fuzz] ${violations.length} violations, first ones:\n${violations.slice(0, 15).join('\n')}\n` : ''),
    );
    expect(violations.slice(0, 15)).toEqual([]);

    // Every process still answers, and still serves.
    for (const url of [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      const health = await fetch(new URL('/health', url));
      expect({ url, status: health.status }).toEqual({ url, status: 200 });
    }
    const after = await stack.query<{ children: { nodes: unknown[] } }>('{ children(first: 3) { nodes { id } } }');
    expect(after.errors).toBeUndefined();
    expect(after.data!.children.nodes.length).toBeGreaterThan(0);
  });
});
