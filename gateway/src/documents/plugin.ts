import type { ApolloServerPlugin } from '@apollo/server';
import type { Audience } from '@passerelle/common';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../signing';
import { documentId, type TrustedDocuments } from './store';

/** What stands in for a refused request's document, so that nothing of it is parsed or planned. */
const REFUSED = '{ __typename }';

const refusal = (message: string, code: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * Trusted documents (persisted operations). A request names a registered document by its id in
 * Apollo's format, `extensions: { persistedQuery: { version: 1, sha256Hash } }`, the id being the
 * SHA-256 of the text `npm run documents:publish` registered for the requester's audience; the
 * gateway runs that text. For the audiences in `required` (TRUSTED_DOCUMENTS), nothing else runs:
 * a free document is refused unless it is itself registered for the audience. Others may send
 * either. The decision is taken before the document is parsed: a refused request runs nothing.
 * Automatic registration (APQ's "send the text with its hash to register it") does not exist here:
 * only the publishing tool registers.
 */
export function trustedDocumentsPlugin(store: TrustedDocuments, required: ReadonlySet<Audience>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const audience = contextValue.principal.audience as Audience;
      const persisted = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
      let refused: GraphQLError | null = null;
      if (persisted !== undefined) {
        // Apollo would take it as an automatic persisted query: this plugin answers it instead.
        delete request.extensions!.persistedQuery;
        const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : '';
        if (persisted?.version !== 1 || !/^[0-9a-f]{64}$/.test(id)) {
          refused = refusal('extensions.persistedQuery must be { version: 1, sha256Hash: <64 hex digits> }', 'BAD_REQUEST');
        } else if (request.query !== undefined) {
          if (documentId(request.query) !== id) refused = refusal('the document sent is not the one its sha256Hash names', 'BAD_REQUEST');
          else if (required.has(audience) && (await store.find(audience, id)) === null) {
            refused = refusal('this institution may run only the documents its applications registered; this one is not registered', 'TRUSTED_DOCUMENT_REQUIRED');
          }
        } else {
          const body = await store.find(audience, id);
          if (body === null) refused = refusal('no document with this id is registered for this institution’s applications', 'PERSISTED_QUERY_NOT_FOUND');
          else request.query = body;
        }
      } else if (required.has(audience)) {
        const query = request.query;
        if (typeof query !== 'string' || (await store.find(audience, documentId(query))) === null) {
          refused = refusal(
            'this institution may run only the documents its applications registered (npm run documents:publish), by id: extensions.persistedQuery.sha256Hash',
            'TRUSTED_DOCUMENT_REQUIRED',
          );
        }
      }
      if (!refused) return {};
      request.query = REFUSED;
      request.operationName = undefined;
      request.variables = {};
      const error = refused;
      return {
        async didResolveOperation() {
          throw error;
        },
      };
    },
  };
}
