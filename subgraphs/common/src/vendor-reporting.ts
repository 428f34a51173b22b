import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * Every ApolloServer of Passerelle (gateway and subgraphs) installs these: whatever the
 * environment holds (APOLLO_KEY and APOLLO_GRAPH_REF switch usage reporting to
 * usage-reporting.api.apollographql.com on, APOLLO_SCHEMA_REPORTING schema reporting), Apollo
 * Server reports nothing to Apollo, and serves no landing page (it would load Apollo's Sandbox
 * from Apollo's CDN into the browser; the gateway's own explorer is bundled). Issue 17; see
 * no-phone-home.ts for the gateway's data collection.
 */
export function vendorReportingDisabled<TContext extends BaseContext>(): ApolloServerPlugin<TContext>[] {
  return [
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginLandingPageDisabled(),
  ];
}
