import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from '@passerelle/common';

export interface GatewayContext {
  principal: Principal;
}

/**
 * Every subgraph request carries the verified principal, signed for that request's body and for
 * a few seconds: a subgraph answers nothing else.
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
}
