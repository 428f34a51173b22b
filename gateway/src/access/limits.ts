import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

/**
 * Limits on the shape of an operation: lists are paginated (100 items at most a page), so depth
 * and the number of fields asked bound what one request can make the subgraphs do. A partner
 * app's real operations stay far below these; a runaway or hostile one is refused before any
 * subgraph is asked.
 */
export interface OperationLimits {
  maxDepth: number;
  maxFields: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 14, maxFields: 500 };

export function measureOperation(document: DocumentNode, operationName?: string | null): { depth: number; fields: number } {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return { depth: 0, fields: 0 };
  let fields = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection (an explorer's schema query nests `ofType` deep) asks no subgraph.
        if (selection.name.value.startsWith('__')) continue;
        fields += 1;
        if (selection.selectionSet) deepest = Math.max(deepest, walk(selection.selectionSet, depth + 1, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is invalid GraphQL; validation reports it, not us.
        if (!fragment || seen.has(fragment.name.value)) continue;
        deepest = Math.max(deepest, walk(fragment.selectionSet, depth, new Set([...seen, fragment.name.value])));
      }
    }
    return deepest;
  };
  const depth = walk(operation.selectionSet, 1, new Set());
  return { depth, fields };
}

export function limitsPlugin(limits: OperationLimits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName }) {
          const { depth, fields } = measureOperation(document, operationName);
          const refuse = (message: string) =>
            new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          if (depth > limits.maxDepth) throw refuse(`the operation is ${depth} levels deep; the limit is ${limits.maxDepth}`);
          if (fields > limits.maxFields) throw refuse(`the operation asks for ${fields} fields; the limit is ${limits.maxFields}`);
        },
      };
    },
  };
}
