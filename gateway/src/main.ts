import { tracingFromEnv, ConfigError, createLog, openAudit, readAuditSettings, readConfig, readErrorConfig, readSigningKey, repoPath, runMain, stopOnSignals } from '@passerelle/common';
import { readFileSync } from 'node:fs';
import { readTokenSettings } from './auth/tokens';
import { trustedDocumentAudiences } from './documents/settings';
import { startGateway } from './gateway';

/** Runs the gateway alone, in front of subgraphs already running (docker-compose). */
runMain(async () => {
  const config = readConfig([
    'DATABASE_URL',
    'GATEWAY_PORT',
    'HOST',
    'CASES_URL',
    'PLACEMENTS_URL',
    'PARTNERS_URL',
    'SUPERGRAPH_PATH',
    'LOG_LEVEL',
    'SHUTDOWN_GRACE_MS',
    'LOG_FORMAT',
    'METRICS_TOKEN',
  ]);
  const log = createLog('gateway', config.LOG_LEVEL, config.LOG_FORMAT);
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required: the gateway writes the audit log there and listens for revocations');
  const signingKey = readSigningKey();
  const auditSettings = readAuditSettings(process.env, signingKey, config.DATABASE_URL);
  log.info(`audit: key from ${auditSettings.keySource}; checkpoints in ${auditSettings.checkpointDir}`);
  const audit = openAudit(config.DATABASE_URL, log, {
    keys: auditSettings.keys,
    checkpoints: auditSettings.checkpoints,
    checkpointIntervalMs: auditSettings.checkpointIntervalMs,
    name: 'gateway',
  });
  const supergraphSdl = readFileSync(repoPath(config.SUPERGRAPH_PATH), 'utf8');
  const running = await startGateway({
    supergraphSdl,
    subgraphUrls: { cases: config.CASES_URL, placements: config.PLACEMENTS_URL, partners: config.PARTNERS_URL },
    port: config.GATEWAY_PORT,
    host: config.HOST,
    ...readErrorConfig(),
    signingKey,
    tokens: readTokenSettings(),
    audit: audit.writer,
    databaseUrl: config.DATABASE_URL,
    log,
    metricsToken: config.METRICS_TOKEN,
    tracing: tracingFromEnv(),
    trustedDocuments: { required: trustedDocumentAudiences(readErrorConfig().production) },
  });
  log.info(`listening on ${running.url}`);
  // Drain first (each answer waits for its audit record), then close the audit pool.
  stopOnSignals(
    async () => {
      await running.stop(config.SHUTDOWN_GRACE_MS);
      await audit.stop();
    },
    log,
    config.SHUTDOWN_GRACE_MS,
  );
});
