import { tracingFromEnv, createLog, parseCommand, partnerId, readAuditSettings, readConfig, readErrorConfig, readSigningKey, runMain, stopOnSignals } from '@passerelle/common';
import { trustedDocumentAudiences } from '@passerelle/gateway';
import { seededSchoolUai } from '@passerelle/partners';
import { randomBytes } from 'node:crypto';
import { openDatabaseServer } from './database';
import { startStack } from './stack';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo seed, subgraphs, gateway. */
runMain(async () => {
  parseCommand({ command: 'npm start', usage: '', flags: {} }, process.argv.slice(2));
  const t0 = Date.now();
  const config = readConfig([
    'HOST',
    'GATEWAY_PORT',
    'CASES_PORT',
    'PLACEMENTS_PORT',
    'PARTNERS_PORT',
    'SEED_CHILDREN',
    'SUPERGRAPH_PATH',
    'LOG_LEVEL',
    'EMBEDDED_PG_PORT',
    'EMBEDDED_PG_DIR',
    'DATABASE_URL',
    'SHUTDOWN_GRACE_MS',
    'LOG_FORMAT',
    'METRICS_TOKEN',
  ]);
  const log = createLog('passerelle', config.LOG_LEVEL, config.LOG_FORMAT);
  const database = await openDatabaseServer(log);
  // Without AUDIT_CHAIN_KEY nor PRINCIPAL_SIGNING_KEY, the audit key is kept in .data/ (the
  // random signing key of this start would leave yesterday's chains unverifiable).
  const audit = readAuditSettings(process.env, undefined, database.url);
  log.info(`audit: key from ${audit.keySource}; checkpoints in ${audit.checkpointDir}`);
  const stack = await startStack({
    databaseUrl: database.url,
    host: config.HOST,
    ports: config,
    seed: { children: config.SEED_CHILDREN },
    supergraphPath: config.SUPERGRAPH_PATH,
    ...readErrorConfig(),
    signingKey: readSigningKey(process.env, () => randomBytes(32).toString('base64url')),
    audit,
    log,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    metricsToken: config.METRICS_TOKEN,
    tracing: tracingFromEnv(),
    trustedDocuments: trustedDocumentAudiences(readErrorConfig().production),
  });
  for (const s of Object.values(stack.subgraphs)) log.info(`subgraph ${s.name}: ${s.url}`);
  log.info(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (config.METRICS_TOKEN || !readErrorConfig().production) log.info(`metrics: GET /metrics on each service${config.METRICS_TOKEN ? ' (bearer METRICS_TOKEN)' : ''}`);
  const explorer = stack.gateway.url.replace(/\/graphql$/, '/explorer');
  process.stdout.write(
    [
      '',
      `Passerelle gateway: ${stack.gateway.url}`,
      `Explorer:           ${explorer}`,
      '',
      'Every request needs a bearer token. For the demo data, in another terminal:',
      `  npm run --silent token -- --audience department --partner ${partnerId('DEPARTMENT', 0)}`,
      `  npm run --silent token -- --audience school --partner ${seededSchoolUai(0)}`,
      '',
      '',
    ].join('\n'),
  );
  // The services drain and close their pools; the embedded PostgreSQL stops last.
  stopOnSignals(
    async () => {
      try {
        await stack.stop(config.SHUTDOWN_GRACE_MS);
      } finally {
        await database.stop();
      }
    },
    log,
    config.SHUTDOWN_GRACE_MS,
  );
});
