import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The reads `npm run bench:sweep` times (tools/src/bench-sweep.ts), generated from an audience's
 * contract rather than written by hand, so that no list of the contract escapes the sweep: every
 * root Query field returning a connection (`nodes`) or a list, `first: 20`, selecting `nodes { id }`
 * (or `__typename` for nodes without an id); and, under the root `children`, one nested level per
 * list of a Child (`children(first: 20) { nodes { id measures(first: 5) { nodes { id } } } }`).
 * Required arguments without a default are filled from `values` (chosen in the database by the
 * bench); a field with one missing is listed with `missing` and no query.
 */

/** A required argument's value, as GraphQL literal text (`"2026-11-02"`, `92`). */
export type ArgumentValues = Record<string, string>;

export interface SweepQuery {
  /** `weekVisits`, or `children.measures` for a nested list. */
  name: string;
  /** The document, or null when a required argument has no value. */
  query: string | null;
  /** Required arguments without a value (empty when `query` is set). */
  missing: string[];
}

/** Arguments given beyond the required ones, where a list lists nothing (or little) without them (cf. test/department-slice.e2e.ts's EXTRA). */
export const EXTRA_ARGUMENTS: Record<string, Record<string, string>> = {
  searchChildren: { name: '"a"' },
  // A term at most: the widest period (the default is a week).
  courtHearings: { days: '92' },
};

/** The selection of a node: its id when it has one, else its type name. */
function nodeSelection(type: GraphQLNamedType): string {
  return (isObjectType(type) || isInterfaceType(type)) && 'id' in type.getFields() ? 'id' : '__typename';
}

/** A connection's (`nodes`) node type, or a list's item type; null for anything else. */
export function listShape(field: GraphQLField<unknown, unknown>): { kind: 'connection' | 'list'; node: GraphQLNamedType } | null {
  const named = getNamedType(field.type);
  if (isListType(getNullableType(field.type))) return { kind: 'list', node: named };
  if (isObjectType(named)) {
    const nodes = named.getFields().nodes;
    if (nodes && isListType(getNullableType(nodes.type))) return { kind: 'connection', node: getNamedType(nodes.type) };
  }
  return null;
}

/** `(first: 20, week: "…")`: `first` when the field has it, each required argument without a default, and the field's extras it declares. */
export function argumentsOf(field: GraphQLField<unknown, unknown>, values: ArgumentValues, first: number): { text: string; missing: string[] } {
  const required = (a: GraphQLArgument) => String(a.type).endsWith('!') && a.defaultValue === undefined;
  const given: string[] = [];
  const missing: string[] = [];
  const extra = EXTRA_ARGUMENTS[field.name] ?? {};
  for (const a of field.args) {
    if (a.name === 'first') given.push(`first: ${first}`);
    else if (a.name in extra) given.push(`${a.name}: ${extra[a.name]}`);
    else if (values[a.name] !== undefined && (required(a) || OPTIONAL_FILLED.has(a.name))) given.push(`${a.name}: ${values[a.name]}`);
    else if (required(a)) missing.push(a.name);
  }
  return { text: given.length === 0 ? '' : `(${given.join(', ')})`, missing };
}

/** Optional arguments given when a value is chosen: the court of `courtHearings` (a judge's own by default; the others name one). */
const OPTIONAL_FILLED = new Set(['courtId']);

function selectionOf(field: GraphQLField<unknown, unknown>, values: ArgumentValues, first: number, inner = ''): { text: string; missing: string[] } | null {
  const shape = listShape(field);
  if (!shape) return null;
  const { text, missing } = argumentsOf(field, values, first);
  const node = `${nodeSelection(shape.node)}${inner ? ` ${inner}` : ''}`;
  return { text: shape.kind === 'connection' ? `${field.name}${text} { nodes { ${node} } }` : `${field.name}${text} { ${node} }`, missing };
}

/** Every read of the sweep for one contract (root lists first, in the contract's order, then `children.<list>`). */
export function sweepQueries(schema: GraphQLSchema, values: ArgumentValues, options: { first?: number; nestedFirst?: number } = {}): SweepQuery[] {
  const first = options.first ?? 20;
  const nestedFirst = options.nestedFirst ?? 5;
  const query = schema.getQueryType();
  if (!query) return [];
  const out: SweepQuery[] = [];
  const named = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase())}`;
  for (const field of Object.values(query.getFields())) {
    const selection = selectionOf(field, values, first);
    if (!selection) continue;
    out.push({ name: field.name, query: selection.missing.length > 0 ? null : `query Sweep${named(field.name)} { ${selection.text} }`, missing: selection.missing });
  }
  const children = query.getFields().children;
  const child = schema.getType('Child');
  if (children && isObjectType(child) && listShape(children)) {
    const outer = argumentsOf(children, values, first);
    for (const field of Object.values(child.getFields())) {
      const inner = selectionOf(field, values, nestedFirst);
      if (!inner) continue;
      const name = `children.${field.name}`;
      const missing = [...outer.missing, ...inner.missing];
      out.push({ name, query: missing.length > 0 ? null : `query Sweep${named(name)} { children${outer.text} { nodes { id ${inner.text} } } }`, missing });
    }
  }
  return out;
}

/** A query's figures at one size (what `--out` writes and `--baseline` reads). */
export interface SweepFigure {
  persona: string;
  name: string;
  p50: number;
  p95: number;
  statements: number;
  errors: number;
}

/**
 * The reads that do not scale: p50 at this size above `ratio` × the baseline's and above
 * `floorMs`, slowest first. Reads absent from the baseline are not compared.
 */
export function regressions(baseline: readonly SweepFigure[], current: readonly SweepFigure[], ratio = 1.5, floorMs = 25): { figure: SweepFigure; base: SweepFigure }[] {
  const key = (f: SweepFigure) => `${f.persona}\u0000${f.name}`;
  const base = new Map(baseline.map((f) => [key(f), f]));
  return current
    .map((figure) => ({ figure, base: base.get(key(figure)) }))
    .filter((r): r is { figure: SweepFigure; base: SweepFigure } => r.base !== undefined && r.figure.p50 > floorMs && r.figure.p50 > ratio * r.base.p50)
    .sort((a, b) => b.figure.p50 - a.figure.p50);
}
