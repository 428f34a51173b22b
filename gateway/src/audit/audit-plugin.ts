import type { ApolloServerPlugin } from '@apollo/server';
import { isDatabaseUnavailable, type AuditWriter, type Log } from '@passerelle/common';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { AccessRules } from '@passerelle/common';
import type { GatewayContext } from '../signing';
import { categoriesOf } from './categories';

/**
 * Every operation an authenticated principal sends is recorded before its answer leaves:
 * who (member, institution, audience), what (operation name, document hash, data categories),
 * which children (as the subgraphs reported the rows they returned), and how it ended. When the
 * record cannot be written, the answer is withheld: no personal data leaves unrecorded.
 */
export function auditPlugin(writer: AuditWriter, schema: () => GraphQLSchema, rules: AccessRules, log: Log): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          const principal = ctx.contextValue?.principal;
          if (!principal || !ctx.document || !ctx.operation || !ctx.queryHash) return;
          const body = ctx.response.body;
          if (body.kind !== 'single') return;
          const categories = categoriesOf(schema(), rules, ctx.document);
          const onlyIntrospection = categories.length === 0 && ctx.operation.selectionSet.selections.every(
            (s) => s.kind === 'Field' && s.name.value.startsWith('__'),
          );
          if (onlyIntrospection) return;
          const codes = [...new Set((body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'ERROR')))];
          try {
            await writer.append({
              at: new Date(),
              member: principal.sub,
              partnerId: principal.partnerId,
              audience: principal.audience,
              operationName: ctx.operationName ?? null,
              operationType: ctx.operation.operation,
              documentHash: ctx.queryHash,
              children: [...ctx.contextValue.touched],
              categories,
              outcome: codes.length === 0 ? 'ok' : `error:${codes.join(',')}`,
            });
          } catch (error) {
            log.error(`audit record not written: ${(error as Error).message}`);
            body.singleResult.data = null;
            body.singleResult.errors = [
              new GraphQLError('the access could not be recorded in the audit log, so its answer is withheld', {
                extensions: { code: isDatabaseUnavailable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR' },
              }).toJSON(),
            ];
          }
        },
      };
    },
  };
}
