import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { agreementCategoryOf, canRead, canWrite, requiredScopes } from './matrix';
import type { Principal } from './principal';
import { categoryOf, type AccessRules } from './rules';

/**
 * The decisions that the document and the principal alone settle, taken before anything executes
 * (ARCHITECTURE.md, "decide before executing"): the gateway takes them for the whole supergraph,
 * and each subgraph takes them again for its own part (defence in depth). A refused write writes
 * nothing because it never runs.
 */

/**
 * Why this principal may not read (or, for a mutation field, run) `typeName.fieldName`; null when
 * it may. In order: the access matrix (the audience's R or W for the field's category), the
 * scopes the category needs (`audit:read`), and the data categories its institution's
 * agreements in force grant. Passerelle's own calls pass; a read with no category (structural) too,
 * a write with none is refused.
 */
export function fieldRefusal(
  rules: AccessRules,
  principal: Principal,
  typeName: string,
  fieldName: string,
  write: boolean,
): string | null {
  return matrixRefusal(rules, principal, typeName, fieldName, write) ?? grantRefusal(rules, principal, typeName, fieldName);
}

/**
 * The principal's own refusals, within what its audience's matrix opens: a scope the field's
 * category needs, or a category its institution's agreements in force do not grant. (The
 * gateway's field rules apply only these: the contract has already applied the matrix.)
 */
export function grantRefusal(rules: AccessRules, principal: Principal, typeName: string, fieldName: string): string | null {
  if (principal.audience === 'system') return null;
  const category = categoryOf(rules, typeName, fieldName);
  if (!category) return null;
  const missing = requiredScopes(category).filter((s) => !principal.scopes.includes(s));
  if (missing.length > 0) return `${typeName}.${fieldName} needs the scope ${missing.join(', ')}`;
  const covering = agreementCategoryOf(category);
  if (principal.grants && covering && !principal.grants.includes(covering)) {
    return `${typeName}.${fieldName} (${covering}) is not granted by your institution’s data-sharing agreements in force`;
  }
  return null;
}

/** The access matrix alone: whether the audience may ever read (write) the field's category. */
export function matrixRefusal(
  rules: AccessRules,
  principal: Principal,
  typeName: string,
  fieldName: string,
  write: boolean,
): string | null {
  if (principal.audience === 'system') return null;
  const category = categoryOf(rules, typeName, fieldName);
  // A read with no category is structural; a write with none is in no contract: nobody but
  // Passerelle itself runs it.
  const open = category ? (write ? canWrite : canRead)(principal.audience, category) : !write;
  return open ? null : `${typeName}.${fieldName} is not open to your institution`;
}

export function forbiddenOperation(message: string, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(message, { path, extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

const RECEIPT = new Set(['id', 'version']);

interface SelectedField {
  typeName: string;
  fieldName: string;
  /** A field of the mutation root: a write. */
  write: boolean;
  /**
   * `id` or `version` of what a mutation of this operation returns: the receipt of a write, which
   * a writer may read even where it may not read the record (contracts.ts does the same).
   */
  receipt: boolean;
  responseKey: string;
}

/**
 * Every field the operation selects, with the type it is selected on. Fragments are followed
 * where they are spread, so a field reached only through a fragment is checked with its real
 * parent type.
 */
function selectedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SelectedField[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const mutationRoot = operation.operation === 'mutation' ? schema.getMutationType() : undefined;
  const found: SelectedField[] = [];
  const written = new Set<string>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode, seen: ReadonlySet<string>) => {
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          if (!parent || field.name.value.startsWith('__')) return;
          const write = parent === mutationRoot;
          if (write) written.add(getNamedType(typeInfo.getType())?.name ?? '');
          found.push({
            typeName: parent.name,
            fieldName: field.name.value,
            write,
            receipt: false,
            responseKey: field.alias?.value ?? field.name.value,
          });
        },
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !seen.has(fragment.name.value)) walk(fragment, new Set([...seen, fragment.name.value]));
        },
      }),
    );
  };
  walk(operation, new Set());
  for (const field of found) field.receipt = !field.write && written.has(field.typeName) && RECEIPT.has(field.fieldName);
  return found;
}

/**
 * What the principal may not do in this operation, decided from the document alone. `writes`:
 * the mutation root fields it may not run — matrix, scopes and agreement grants; the whole
 * operation is then refused before any of it runs. `reads`: the fields the access matrix never
 * opens to its audience (the gateway's contract never lets one through, so a subgraph refuses
 * them outright). A read that only the principal's grants or scopes refuse is not refused here:
 * the gateway nulls it in the answer with FORBIDDEN and the rest of the answer still arrives.
 */
export function operationRefusals(
  schema: GraphQLSchema,
  rules: AccessRules,
  principal: Principal,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  fields: readonly SelectedField[] = selectedFields(schema, document, operation),
): { writes: GraphQLError[]; reads: string[] } {
  const writes: GraphQLError[] = [];
  const reads = new Set<string>();
  for (const field of fields) {
    if (field.write) {
      const refused = fieldRefusal(rules, principal, field.typeName, field.fieldName, true);
      if (refused) writes.push(forbiddenOperation(refused, [field.responseKey]));
    } else if (!field.receipt) {
      const refused = matrixRefusal(rules, principal, field.typeName, field.fieldName, false);
      if (refused) reads.add(refused);
    }
  }
  return { writes, reads: [...reads] };
}

/**
 * The same decisions in a subgraph, for its own part of an operation (defence in depth: a
 * validly signed principal of the wrong audience, or without the grant, is refused here too,
 * before any resolver runs). The fields an operation selects depend on the document alone and
 * are kept per document; the decision itself is taken per request.
 */
export function decideBeforeExecutionPlugin<TContext extends BaseContext>(schema: GraphQLSchema, rules: AccessRules): ApolloServerPlugin<TContext> {
  const fieldsByDocument = new Map<string, SelectedField[]>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const principal = (ctx.contextValue as { principal?: Principal }).principal;
          if (!principal) throw forbiddenOperation('no principal');
          if (!ctx.operation) return;
          const key = `${ctx.queryHash}:${ctx.operationName ?? ''}`;
          let fields = fieldsByDocument.get(key);
          if (!fields) {
            fields = selectedFields(schema, ctx.document, ctx.operation);
            if (fieldsByDocument.size > 2000) fieldsByDocument.clear();
            fieldsByDocument.set(key, fields);
          }
          const { writes, reads } = operationRefusals(schema, rules, principal, ctx.document, ctx.operation, fields);
          if (writes.length > 0) throw writes[0]!;
          if (reads.length > 0) throw forbiddenOperation(reads[0]!);
        },
      };
    },
  };
}
