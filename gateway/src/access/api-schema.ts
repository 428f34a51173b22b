import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';

/** The API schema @apollo/gateway serves for a supergraph (join and link machinery removed). */
export async function apiSchemaOf(supergraphSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  try {
    const { schema } = await gateway.load();
    return schema;
  } finally {
    await gateway.stop();
  }
}
