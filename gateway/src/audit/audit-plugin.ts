import type { ApolloServerPlugin } from '@apollo/server';
import { isDatabaseUnavailable, requestTrace, traceFields, type AccessRules, type AuditRecord, type AuditWriter, type GraphQLBody, type Log } from '@passerelle/common';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext, RequestAudit } from '../signing';
import { categoriesOf } from './categories';
import { planOf, type DocumentPlans } from '../access/document-plans';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const outcomeOf = (codes: string[]) => (codes.length === 0 ? 'ok' : `error:${[...new Set(codes)].join(',')}`);

/**
 * Every request the gateway receives is recorded before its answer leaves, accepted or refused:
 * who asked (member, institution, audience, the token's claims and whether they were verified),
 * what (operation name and type, document hash, data categories; introspection too), which
 * children (as the subgraphs reported the rows they read or wrote), and how it ended (`ok` or the
 * error codes). This plugin records the requests that reached GraphQL with a verified principal;
 * `refusalRecorder` the others, from the HTTP front. When the record cannot be written, the
 * answer is withheld: nothing leaves unrecorded.
 */
export function auditPlugin(writer: AuditWriter, schema: () => GraphQLSchema, rules: AccessRules, log: Log, plans?: DocumentPlans): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          const context = ctx.contextValue;
          const principal = context?.principal;
          if (!principal) return;
          const body = ctx.response.body;
          if (context.audit) context.audit.recorded = true;
          const source = ctx.source ?? ctx.request.query ?? '';
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'ERROR'));
          let categories: string[] = [];
          try {
            // The document's categories, kept with its plan (they depend on the document alone).
            const plan = plans && ctx.document ? planOf(plans, ctx) : {};
            if (plan.categories) categories = [...plan.categories];
            else if (ctx.document) plan.categories = categories = categoriesOf(schema(), rules, ctx.document);
          } catch {
            categories = [];
          }
          try {
            await writer.append({
              at: new Date(),
              member: principal.sub,
              partnerId: principal.partnerId,
              audience: principal.audience,
              verified: true,
              claims: context.audit?.claims ?? null,
              operationName: ctx.operationName ?? ctx.request.operationName ?? null,
              operationType: ctx.operation?.operation ?? 'unknown',
              documentHash: ctx.queryHash ?? sha256(source),
              children: [...context.touched],
              categories,
              outcome: outcomeOf(codes),
            });
          } catch (error) {
            log.error(`audit record not written: ${(error as Error).message}`, traceFields(context.trace));
            const withheld = new GraphQLError('the access could not be recorded in the audit log, so its answer is withheld', {
              extensions: { code: isDatabaseUnavailable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR' },
            }).toJSON();
            if (body.kind === 'single') {
              body.singleResult.data = null;
              body.singleResult.errors = [withheld];
            } else {
              throw error;
            }
          }
        },
      };
    },
  };
}

function operationOf(query: string, operationName: string | null): { type: string; name: string | null; document: DocumentNode | null } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return { type: 'unknown', name: operationName, document: null };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return { type: operation?.operation ?? 'unknown', name: operationName ?? operation?.name?.value ?? null, document };
}

function codesOf(status: number, body: string | null): string[] {
  if (body) {
    try {
      const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
      if (Array.isArray(parsed.errors) && parsed.errors.length > 0) return parsed.errors.map((e) => String(e.extensions?.code ?? 'ERROR'));
    } catch {
      // not JSON: the status says it
    }
  }
  return status >= 400 ? [`HTTP_${status}`] : [];
}

/**
 * Records, from the HTTP front, every /graphql request the audit plugin did not: refused before
 * a principal existed (no token, a bad signature, expired, an audience or institution that does
 * not hold, a body too large or not JSON) or by Apollo before GraphQL ran. Who asked is what the
 * token claimed, marked unverified (or verified when only the directory refused it).
 */
export function refusalRecorder(
  writer: AuditWriter,
  schema: () => GraphQLSchema | undefined,
  rules: AccessRules,
  states: WeakMap<IncomingMessage, RequestAudit>,
  claimedBy: (request: IncomingMessage) => Record<string, unknown> | null,
  log: Log,
) {
  return async (request: IncomingMessage, exchange: { status: number; body: string | null; graphql: GraphQLBody | null }): Promise<boolean> => {
    const state = states.get(request);
    if (state?.recorded) return true;
    const claims = state?.claims ?? claimedBy(request);
    const query = typeof exchange.graphql?.query === 'string' ? exchange.graphql.query : '';
    const operationName = typeof exchange.graphql?.operationName === 'string' ? exchange.graphql.operationName : null;
    const { type, name, document } = operationOf(query, operationName);
    let categories: string[] = [];
    try {
      const api = schema();
      if (document && api) categories = categoriesOf(api, rules, document);
    } catch {
      categories = [];
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const record: AuditRecord = {
      at: new Date(),
      member: text(claims?.sub),
      partnerId: text(claims?.partner_id),
      audience: text(claims?.audience),
      verified: state?.verified ?? false,
      claims,
      operationName: name?.slice(0, 200) ?? null,
      operationType: type,
      documentHash: sha256(query),
      children: [],
      categories,
      outcome: outcomeOf(codesOf(exchange.status, exchange.body)),
    };
    try {
      await writer.append(record);
      if (state) state.recorded = true;
      return true;
    } catch (error) {
      log.error(`audit record of a refused request not written: ${(error as Error).message}`, traceFields(requestTrace(request)));
      return false;
    }
  };
}
