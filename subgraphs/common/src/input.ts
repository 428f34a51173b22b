import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  coerceInputValue,
  GraphQLError,
  GraphQLScalarType,
  isEnumType,
  isInputObjectType,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { GraphQLISODateTime } from 'type-graphql';
import { ErrorCode } from './errors';

/**
 * Every value a client gives, checked once before anything runs (issue 12, item 5): at the
 * gateway against the audience's contract, and again at each subgraph against its own schema.
 *
 * - A value its type refuses (a custom scalar, an enum, an input object), inline or through a
 *   variable, is BAD_USER_INPUT naming the argument as the resolvers do (`input.birthDate`).
 * - A string with a null character (U+0000), anywhere in an argument or a variable, is refused
 *   the same way: PostgreSQL stores no such character in text, and its refusal ("invalid byte
 *   sequence for encoding UTF8: 0x00") must not reach a client. Checking here, on the values
 *   themselves, covers every string argument and input field, present and future, before any SQL.
 */

/** The custom scalars of the schema, by name, with their real parsing (the supergraph has only their names). */
export const CUSTOM_SCALARS: Readonly<Record<string, GraphQLScalarType>> = {
  LocalDate: GraphQLLocalDate,
  DateTimeISO: GraphQLISODateTime,
};

/**
 * `type` with the parsing of the implementation of the same name: a schema built from SDL (the
 * gateway's) knows a scalar's name and description, not which values it takes.
 */
export function withScalarParsing(type: GraphQLScalarType): GraphQLScalarType {
  const implementation = CUSTOM_SCALARS[type.name];
  if (!implementation || implementation === type) return type;
  return new GraphQLScalarType({ ...type.toConfig(), parseValue: implementation.parseValue, parseLiteral: implementation.parseLiteral });
}

const NUL = '\u0000';

export function badArgument(message: string, argument: string, nodes?: ASTNode | readonly ASTNode[]): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: ErrorCode.BAD_USER_INPUT, argument, http: { status: 400 } } });
}

const nulMessage = (argument: string) => `${argument} must not contain a null character (U+0000)`;

/** Where in `value` (a variable's JSON) the first string or key with a null character is. */
function nulIn(value: unknown): (string | number)[] | null {
  // The path is built on the way back from a find: nothing is allocated per element otherwise
  // (the gateway's `_entities` representations are lists of a hundred objects).
  const reversed = nulInReversed(value);
  return reversed ? reversed.reverse() : null;
}

function nulInReversed(value: unknown): (string | number)[] | null {
  if (typeof value === 'string') return value.includes(NUL) ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInReversed(value[i]);
      if (found) return (found.push(i), found);
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (key.includes(NUL)) return [key];
      const found = nulInReversed((value as Record<string, unknown>)[key]);
      if (found) return (found.push(key), found);
    }
  }
  return null;
}

/** Why a literal leaf is refused by its scalar or enum type (null: it is accepted). */
function leafRefusal(node: ValueNode, type: GraphQLInputType): string | null {
  if (valueFromAST(node, type) !== undefined) return null;
  if (isEnumType(type)) return `${'value' in node ? JSON.stringify(node.value) : node.kind} is not a value of ${type.name}`;
  try {
    (type as GraphQLScalarType).parseLiteral(node, undefined);
  } catch (error) {
    return (error as Error).message;
  }
  return `not a valid ${(type as GraphQLScalarType).name}`;
}

interface Refusal {
  message: string;
  argument: string;
  node: ASTNode;
}

/**
 * Walks a literal value against its type. Variables met on the way are recorded with the
 * argument path they stand at, so that a variable's bad value can be named by its argument.
 */
function walkLiteral(
  node: ValueNode,
  type: GraphQLInputType | undefined,
  path: readonly (string | number)[],
  usages: Map<string, readonly (string | number)[]>,
): Refusal | null {
  if (node.kind === Kind.VARIABLE) {
    if (!usages.has(node.name.value)) usages.set(node.name.value, path);
    return null;
  }
  const argument = path.join('.');
  if (node.kind === Kind.STRING && node.value.includes(NUL)) return { message: nulMessage(argument), argument, node };
  if (!type) return null; // unknown argument or field: validation says so
  if (isNonNullType(type)) return node.kind === Kind.NULL ? null : walkLiteral(node, type.ofType, path, usages);
  if (node.kind === Kind.NULL) return null;
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return walkLiteral(node, type.ofType, path, usages);
    for (let i = 0; i < node.values.length; i++) {
      const refusal = walkLiteral(node.values[i]!, type.ofType, [...path, i], usages);
      if (refusal) return refusal;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return { message: `${argument} must be an object of type ${type.name}`, argument, node };
    const fields = type.getFields();
    for (const field of node.fields) {
      const refusal = walkLiteral(field.value, fields[field.name.value]?.type, [...path, field.name.value], usages);
      if (refusal) return refusal;
    }
    return null;
  }
  if (isLeafType(type)) {
    const refused = leafRefusal(node, type);
    if (refused) return { message: `${argument} is not valid: ${refused}`, argument, node };
  }
  return null;
}

/**
 * The first bad value of `operation` (its literals, and the variables it is sent with), as a
 * BAD_USER_INPUT error naming the argument; undefined when every value is acceptable. Literals are
 * checked in the whole document (as validation does), variables for the operation that runs.
 */
export function inputRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined | null,
  /** What the document alone decides, when already known (`literalInputs` of this document). */
  literals: LiteralInputs = literalInputs(schema, document),
): GraphQLError | undefined {
  return literals.refusal ?? variableInputRefusal(schema, operation, variables, literals.usages);
}

/**
 * What `inputRefusal` learns from the document alone, whatever the variables (a gateway keeps it
 * with the document's other checks): the first bad literal, and where each variable is used (to
 * name it in a refusal).
 */
export interface LiteralInputs {
  refusal: GraphQLError | undefined;
  usages: ReadonlyMap<string, readonly (string | number)[]>;
}

/** The document's literals checked against `schema` (every argument, as validation does). */
export function literalInputs(schema: GraphQLSchema, document: DocumentNode): LiteralInputs {
  const usages = new Map<string, readonly (string | number)[]>();
  let refusal: Refusal | null = null;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (refusal) return false;
        refusal = walkLiteral(node.value, typeInfo.getArgument()?.type, [node.name.value], usages);
        return false;
      },
    }),
  );
  if (refusal) {
    const { message, argument, node } = refusal as Refusal;
    return { refusal: badArgument(message, argument, node), usages };
  }
  return { refusal: undefined, usages };
}

/** The first bad variable value (or default) of `operation`, named after where it is used. */
export function variableInputRefusal(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined | null,
  usages: LiteralInputs['usages'],
): GraphQLError | undefined {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) continue; // validation says so
    const base = usages.get(name) ?? [`$${name}`];
    const named = (path: readonly (string | number)[]) => [...base, ...path].join('.');
    if (definition.defaultValue) {
      const refused = walkLiteral(definition.defaultValue, type, base, new Map());
      if (refused) return badArgument(refused.message, refused.argument, definition);
    }
    const value = variables?.[name];
    if (value === undefined) continue;
    const nul = nulIn(value);
    if (nul) return badArgument(nulMessage(named(nul)), named(nul), definition);
    let first: GraphQLError | undefined;
    coerceInputValue(value, type, (path, _invalid, error) => {
      first ??= badArgument(`${named(path)} is not valid: ${error.message}`, named(path), definition);
    });
    if (first) return first;
  }
  return undefined;
}

/** Why `operation` cannot run on `schema` at all (a subscription where there is none), or undefined. */
export function operationTypeRefusal(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLError | undefined {
  const root = schema.getRootType(operation.operation);
  if (root) return undefined;
  return new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`, {
    nodes: operation,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/**
 * A subgraph's own checks of every request before it executes (defence in depth: the gateway has
 * made them against the audience's contract): the operation's type exists in the schema (graphql-js
 * validation does not check it, and execution would answer 200 with an uncoded error), and every
 * value is acceptable (inputRefusal).
 */
export function inputChecksPlugin<TContext extends BaseContext>(schema: GraphQLSchema): ApolloServerPlugin<TContext> {
  // What the document alone decides, once per document: Apollo Server keeps each parsed document
  // (its document store) and hands the same object to every request sending that text, so a
  // request pays only for its variables (issue 14: the literal walk was per request).
  const byDocument = new WeakMap<DocumentNode, LiteralInputs>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          let literals = byDocument.get(document);
          if (!literals) {
            literals = literalInputs(schema, document);
            byDocument.set(document, literals);
          }
          const refusal = operationTypeRefusal(schema, operation) ?? inputRefusal(schema, document, operation, request.variables, literals);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
