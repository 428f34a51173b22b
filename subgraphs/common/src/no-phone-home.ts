/**
 * Nothing leaves the département unasked (issue 17): vendor telemetry and phone-home are off in
 * code, whatever the environment says. This module is the first import of `@passerelle/common`'s
 * index, which is the first import of every entry point (gateway, subgraphs, tools; a test checks
 * it), so the variables are set before any library is loaded. It imports nothing.
 *
 * Found by the egress recorder of the tests (test/no-egress.e2e.ts), before this module existed:
 * - `APOLLO_TELEMETRY_DISABLED`: unless it is `true` or `1`, every `new ApolloGateway(...)`
 *   (@apollo/gateway ≥ 2.9, `createDataCollectionExporter`) starts an OpenTelemetry metrics
 *   exporter to https://usage-reporting.api.apollographql.com/v1/metrics (hourly, and when the
 *   gateway stops) and, to describe the host, probes the cloud metadata services: Alibaba
 *   (100.100.100.200), AWS EC2 and Azure (169.254.169.254), GCP (169.254.169.254 and
 *   metadata.google.internal). Its destination is Apollo's and cannot be changed, so it is never
 *   the operator-directed telemetry an operator may opt into: forced, not defaulted.
 *
 * Apollo Server's own usage and schema reporting (switched on by APOLLO_KEY / APOLLO_GRAPH_REF /
 * APOLLO_SCHEMA_REPORTING in the environment) are refused by installing their `…Disabled`
 * plugins in every ApolloServer (`vendorReportingDisabled()`), which environment variables cannot
 * undo.
 */
export const VENDOR_TELEMETRY_OFF: Readonly<Record<string, string>> = Object.freeze({
  APOLLO_TELEMETRY_DISABLED: 'true',
});

/** Sets every variable of VENDOR_TELEMETRY_OFF (already done when this module loads). */
export function disableVendorTelemetry(env: Record<string, string | undefined> = process.env): void {
  for (const [name, value] of Object.entries(VENDOR_TELEMETRY_OFF)) env[name] = value;
}

disableVendorTelemetry();
