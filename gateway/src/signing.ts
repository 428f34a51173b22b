import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AUDIT_EXTENSION, PRINCIPAL_HEADER, signPrincipal, type Principal } from '@passerelle/common';

export interface GatewayContext {
  principal: Principal;
  /** Children whose rows the subgraphs returned for this request (for the audit record). */
  touched: Set<string>;
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Every subgraph request carries the verified principal, signed for that request's body and for
 * a few seconds: a subgraph answers nothing else. Each answer says which children's rows it
 * returned; the gateway gathers them for the audit record and does not pass them on.
 */
export class SigningDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly signingKey: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context.principal) throw new Error('no principal on a subgraph request');
    request.http!.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, request, this.signingKey));
  }

  override didReceiveResponse({ response, context }: ReceivedResponse): ReceivedResponse['response'] {
    const reported = (response.extensions?.[AUDIT_EXTENSION] as { children?: unknown } | undefined)?.children;
    if (Array.isArray(reported) && context.touched) for (const id of reported) if (typeof id === 'string') context.touched.add(id);
    return response;
  }
}
