import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { close, createHttpServer, formatError, listen, type Readiness } from '@passerelle/common';
import type { Server } from 'node:http';

export interface GatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Where each subgraph is reached, by subgraph name; overrides the URLs in the supergraph. */
  subgraphUrls: Record<string, string>;
  port: number;
  host: string;
  includeStacktrace?: boolean;
  production?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

async function subgraphReadiness(urls: Record<string, string>): Promise<Readiness> {
  const checks: Record<string, string> = {};
  await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(2000) });
        checks[name] = response.ok ? 'ready' : `not ready (HTTP ${response.status})`;
      } catch (error) {
        checks[name] = `unreachable (${(error as Error).message})`;
      }
    }),
  );
  return { ready: Object.values(checks).every((c) => c === 'ready'), checks };
}

/**
 * The gateway: a static supergraph (composed ahead of time and checked in), served by
 * @apollo/gateway on Apollo Server.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls[name] ?? url }),
  });
  const apollo = new ApolloServer({
    gateway,
    includeStacktraceInErrorResponses: options.includeStacktrace ?? false,
    formatError: formatError(options.production ?? false),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const server = createHttpServer({
    apollo,
    context: async () => ({}),
    readiness: async () => {
      const subgraphs = await subgraphReadiness(options.subgraphUrls);
      return { ready: subgraphs.ready, checks: { supergraph: 'loaded', ...subgraphs.checks } };
    },
  });
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/graphql`,
    port,
    server,
    async stop() {
      await close(server);
      await apollo.stop();
    },
  };
}
