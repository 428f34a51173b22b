import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FieldNode, type SelectionSetNode } from 'graphql';
import { planOf, type DocumentPlans } from './document-plans';

/**
 * Limits on the shape of an operation, decided before any subgraph is asked: lists are paginated
 * (100 items at most a page), so depth, the number of selections and the estimated size of the
 * answer bound what one request can make the subgraphs and the gateway do. A partner app's real
 * operations stay far below these; a runaway or hostile one is refused with BAD_USER_INPUT.
 */
export interface OperationLimits {
  maxDepth: number;
  /** Every selection counts, `__typename` and aliases of the same field included. */
  maxFields: number;
  /**
   * The values the answer may hold at most, estimated from the document: a selection under a
   * paginated list counts once per item the page may hold (`first`, 20 when absent). This is
   * demand control: 20 000 aliases under `children(first: 100)` would be 2 000 000 values.
   */
  maxEstimatedValues: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 14, maxFields: 500, maxEstimatedValues: 100_000 };

/**
 * The page size a field asks for: its `first` argument, literal or variable; the default page for
 * a connection (a field selecting `nodes` or `edges`) left without it; 1 for anything else.
 */
function pageSize(field: FieldNode, variables: Record<string, unknown>, read?: () => void): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) {
    const connection = field.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === 'nodes' || s.name.value === 'edges'));
    return connection ? DEFAULT_PAGE : 1;
  }
  const value = first.value.kind === Kind.INT ? Number(first.value.value)
    : first.value.kind === Kind.VARIABLE ? (read?.(), Number(variables[first.value.name.value] ?? DEFAULT_PAGE))
    : DEFAULT_PAGE;
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_PAGE;
}
const DEFAULT_PAGE = 20;

export function measureOperation(
  document: DocumentNode,
  operationName?: string | null,
  variables: Record<string, unknown> = {},
): { depth: number; fields: number; values: number; variableDependent: boolean } {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return { depth: 0, fields: 0, values: 0, variableDependent: false };
  let fields = 0;
  let values = 0;
  // Whether a page size came from a variable: only then does the measure depend on the request.
  let variableDependent = false;
  const read = () => {
    variableDependent = true;
  };
  const walk = (set: SelectionSetNode, depth: number, multiplier: number, seen: Set<string>): number => {
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection (an explorer's schema query nests `ofType` deep) asks no subgraph;
        // `__typename` is answered by the gateway but still fills the answer, so it counts.
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        fields += 1;
        values += multiplier;
        if (selection.selectionSet) {
          const items = multiplier * pageSize(selection, variables, read);
          deepest = Math.max(deepest, walk(selection.selectionSet, depth + 1, items, seen));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, multiplier, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is invalid GraphQL; validation reports it, not us.
        if (!fragment || seen.has(fragment.name.value)) continue;
        deepest = Math.max(deepest, walk(fragment.selectionSet, depth, multiplier, new Set([...seen, fragment.name.value])));
      }
    }
    return deepest;
  };
  const depth = walk(operation.selectionSet, 1, 1, new Set());
  return { depth, fields, values, variableDependent };
}

/** With `plans`, a measure that no variable changes is kept with the document's plan. */
export function limitsPlugin(limits: OperationLimits = DEFAULT_LIMITS, plans?: DocumentPlans): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const { document, operationName, request } = ctx;
          const plan = plans ? planOf(plans, ctx as Parameters<typeof planOf>[1]) : {};
          let measure = plan.measure;
          if (!measure) {
            const measured = measureOperation(document, operationName, request.variables ?? {});
            measure = measured;
            if (!measured.variableDependent) plan.measure = { depth: measured.depth, fields: measured.fields, values: measured.values };
          }
          const { depth, fields, values } = measure;
          const refuse = (message: string) =>
            new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          if (depth > limits.maxDepth) throw refuse(`the operation is ${depth} levels deep; the limit is ${limits.maxDepth}`);
          if (fields > limits.maxFields) throw refuse(`the operation asks for ${fields} fields; the limit is ${limits.maxFields}`);
          if (values > limits.maxEstimatedValues) {
            throw refuse(
              `the answer could hold ${values} values (page sizes × fields asked); the limit is ${limits.maxEstimatedValues}: ask smaller pages or fewer fields`,
            );
          }
        },
      };
    },
  };
}
