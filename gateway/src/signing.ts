import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AUDIT_EXTENSION, ErrorCode, PRINCIPAL_HEADER, signPrincipal, type Principal } from '@passerelle/common';
import { GraphQLError } from 'graphql';

export interface GatewayContext {
  principal: Principal;
  /** Children whose rows the subgraphs returned for this request (for the audit record). */
  touched: Set<string>;
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Every subgraph request carries the verified principal, signed for that subgraph, that
 * request's body and a few seconds: a subgraph answers nothing else, and no other subgraph
 * accepts it. Each answer says which children's rows it returned; the gateway gathers them for
 * the audit record and does not pass them on.
 */
export class SigningDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name in the supergraph (`cases`, …): what the header is signed for. */
    readonly subgraph: string,
    url: string,
    private readonly signingKey: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context.principal) throw new Error('no principal on a subgraph request');
    request.http!.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, request, this.signingKey, this.subgraph));
  }

  /**
   * A subgraph that cannot serve safely now (its nonce store is down) answers 503: the client
   * gets SERVICE_UNAVAILABLE, a code it can retry on, rather than an uncoded error.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    if (response.status !== 503) return error;
    return new GraphQLError(`the ${this.subgraph} service cannot serve this request now; try again`, {
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    });
  }

  override didReceiveResponse({ response, context }: ReceivedResponse): ReceivedResponse['response'] {
    const reported = (response.extensions?.[AUDIT_EXTENSION] as { children?: unknown } | undefined)?.children;
    if (Array.isArray(reported) && context.touched) for (const id of reported) if (typeof id === 'string') context.touched.add(id);
    return response;
  }
}
