import path from 'node:path';
import { checkNodeVersion, UsageError } from './cli';
import { AUDIENCES } from './access/matrix';

/**
 * Environment configuration: every variable the platform reads is declared once in `variables`
 * with its default and its documentation (the README table is checked against this list).
 * Each service reads the subset it needs; a bad value stops the process with one line naming
 * the variable, rather than failing later somewhere less obvious.
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`configuration error: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export interface Variable<T> {
  readonly name: string;
  /** Raw default, as it would be written in the environment; undefined = optional, no default. */
  readonly default?: string;
  readonly doc: string;
  parse(raw: string): T;
}

type Env = Record<string, string | undefined>;

function port(name: string, def: string, doc: string): Variable<number> {
  return {
    name,
    default: def,
    doc,
    parse(raw) {
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
        throw new ConfigError(name, `must be a TCP port number (0-65535), got "${raw}"`);
      }
      return Number(raw);
    },
  };
}

function text(name: string, def: string | undefined, doc: string): Variable<string> {
  return { name, default: def, doc, parse: (raw) => raw };
}

function url(name: string, def: string | undefined, doc: string, protocols: string[]): Variable<string> {
  return {
    name,
    default: def,
    doc,
    parse(raw) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new ConfigError(name, `must be a URL, got "${raw}"`);
      }
      if (!protocols.includes(parsed.protocol)) {
        throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
      return raw;
    },
  };
}

function integer(name: string, def: string, doc: string, min: number, max: number): Variable<number> {
  return {
    name,
    default: def,
    doc,
    parse(raw) {
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw) || n < min || n > max) {
        throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
      }
      return n;
    },
  };
}

function boolean(name: string, def: string, doc: string): Variable<boolean> {
  return {
    name,
    default: def,
    doc,
    parse(raw) {
      if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
      throw new ConfigError(name, `must be true or false, got "${raw}"`);
    },
  };
}

function oneOf<T extends string>(name: string, def: T, doc: string, values: readonly T[]): Variable<T> {
  return {
    name,
    default: def,
    doc,
    parse(raw) {
      if (!(values as readonly string[]).includes(raw)) {
        throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
      }
      return raw as T;
    },
  };
}

export const LOG_LEVELS = ['silent', 'error', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'line'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Development default of PSEUDONYM_KEY: public, so refused in production. */
export const DEVELOPMENT_PSEUDONYM_KEY = 'passerelle-development-pseudonym-key-not-for-production';

/** Every environment variable Passerelle reads. */
export const variables = {
  DATABASE_URL: url(
    'DATABASE_URL',
    undefined,
    'PostgreSQL server to use. Unset: an embedded PostgreSQL is started (see EMBEDDED_PG_*).',
    ['postgres:', 'postgresql:'],
  ),
  EMBEDDED_PG_PORT: port('EMBEDDED_PG_PORT', '54329', 'Port of the embedded PostgreSQL (only without DATABASE_URL).'),
  EMBEDDED_PG_DIR: text(
    'EMBEDDED_PG_DIR',
    '.data/postgres',
    'Data folder of the embedded PostgreSQL, relative to the repository (git-ignored; `npm run db:reset` wipes it).',
  ),
  EMBEDDED_PG_SHARED: text(
    'EMBEDDED_PG_SHARED',
    '/var/tmp/passerelle-embedded-pg',
    'Only as root, when the `postgres` user the embedded PostgreSQL runs as cannot traverse the folders above the repository: where its binaries are copied and its data lives (EMBEDDED_PG_DIR then links there).',
  ),
  HOST: text('HOST', '127.0.0.1', 'Interface every service listens on (0.0.0.0 in containers).'),
  GATEWAY_PORT: port('GATEWAY_PORT', '4000', 'Port of the gateway.'),
  CASES_PORT: port('CASES_PORT', '4001', 'Port of the cases subgraph.'),
  PLACEMENTS_PORT: port('PLACEMENTS_PORT', '4002', 'Port of the placements subgraph.'),
  PARTNERS_PORT: port('PARTNERS_PORT', '4003', 'Port of the partners subgraph.'),
  CASES_URL: url('CASES_URL', 'http://127.0.0.1:4001/graphql', 'Where the gateway reaches the cases subgraph.', [
    'http:',
    'https:',
  ]),
  PLACEMENTS_URL: url(
    'PLACEMENTS_URL',
    'http://127.0.0.1:4002/graphql',
    'Where the gateway reaches the placements subgraph.',
    ['http:', 'https:'],
  ),
  PARTNERS_URL: url('PARTNERS_URL', 'http://127.0.0.1:4003/graphql', 'Where the gateway reaches the partners subgraph.', [
    'http:',
    'https:',
  ]),
  SUPERGRAPH_PATH: text(
    'SUPERGRAPH_PATH',
    'schema/supergraph.graphql',
    'Composed supergraph the gateway serves, relative to the repository.',
  ),
  SEED_CHILDREN: integer(
    'SEED_CHILDREN',
    '400',
    'How many demo children `npm start` seeds into an empty database (0: no seeding).',
    0,
    1_000_000,
  ),
  DB_CONNECT_ATTEMPTS: integer(
    'DB_CONNECT_ATTEMPTS',
    '0',
    'How many times a service tries to reach PostgreSQL before giving up (0: forever, with a log line each try).',
    0,
    100_000,
  ),
  PRINCIPAL_SIGNING_KEY: text(
    'PRINCIPAL_SIGNING_KEY',
    undefined,
    'Secret the gateway signs the forwarded principal with and the subgraphs verify it with (≥ 32 characters). `npm start` makes a random one when unset; required when services run as separate processes.',
  ),
  JWT_SECRET: text(
    'JWT_SECRET',
    'passerelle-development-secret-not-for-production',
    'Development only: HS256 secret of the bearer tokens `npm run token` signs. Refused when NODE_ENV=production.',
  ),
  JWT_JWKS_URL: url(
    'JWT_JWKS_URL',
    undefined,
    'Production: the identity provider’s JWKS; tokens are then RS256/ES256, verified against it, and name their member, institution and audience themselves (`sub`, `partner_id`, `audience`, checked by the directory). OIDC_ISSUER is the sign-in of members proper.',
    ['https:', 'http:'],
  ),
  JWT_ISSUER: text('JWT_ISSUER', 'passerelle-dev', 'Expected `iss` of bearer tokens.'),
  JWT_AUDIENCE: text('JWT_AUDIENCE', 'passerelle', 'Expected `aud` of bearer tokens.'),
  // --- sign-in with an OpenID Connect provider (issue 16) ---
  OIDC_ISSUER: url(
    'OIDC_ISSUER',
    undefined,
    'The OpenID Connect provider members sign in with (its issuer identifier): the gateway reads `<issuer>/.well-known/openid-configuration`, verifies the provider’s access tokens against its JWKS (keys refreshed when a new `kid` appears) and maps their claims to a member of the directory (OIDC_MEMBER_MATCH). In production without JWT_JWKS_URL its tokens are the only ones accepted; in development HS256 tokens keep working beside them.',
    ['https:', 'http:'],
  ),
  OIDC_AUDIENCE: text('OIDC_AUDIENCE', undefined, 'The `aud` the gateway requires in the provider’s access tokens (its resource identifier or client id at the provider). Required with OIDC_ISSUER.'),
  OIDC_TOKEN_TYPE: text('OIDC_TOKEN_TYPE', 'at+jwt', 'The `typ` header the provider’s access tokens carry (RFC 9068: `at+jwt`), so that an ID token is never taken for an access token; `any` accepts any.'),
  OIDC_MEMBER_MATCH: oneOf(
    'OIDC_MEMBER_MATCH',
    'email',
    '`email`: the token’s e-mail names the member and one of its organisation claims (OIDC_ORGANISATION_CLAIMS) must be the member’s institution’s SIRET, UAI or FINESS; `subject`: the token’s `sub` is the member’s `oidc_subject` in the directory.',
    ['email', 'subject'] as const,
  ),
  OIDC_EMAIL_CLAIM: text('OIDC_EMAIL_CLAIM', 'email', 'The claim holding the member’s e-mail (OIDC_MEMBER_MATCH=email); a token whose `email_verified` is false is refused.'),
  OIDC_ORGANISATION_CLAIMS: {
    name: 'OIDC_ORGANISATION_CLAIMS',
    default: 'siret=siret,uai=uai,finess=finess',
    doc: 'Which claim carries the organisation’s identifier in each register, as `register=claim` pairs (registers: siret, uai, finess), e.g. `siret=siret,uai=rne`.',
    parse(raw: string): Record<string, string> {
      const pairs = raw.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => pair.split('=').map((p) => p.trim()));
      const bad = pairs.filter((pair) => pair.length !== 2 || !['siret', 'uai', 'finess'].includes(pair[0]!) || !/^[A-Za-z0-9_.:-]+$/.test(pair[1]!));
      if (pairs.length === 0 || bad.length > 0) throw new ConfigError('OIDC_ORGANISATION_CLAIMS', `must be register=claim pairs (registers: siret, uai, finess), got "${raw}"`);
      return Object.fromEntries(pairs);
    },
  } satisfies Variable<Record<string, string>>,
  OIDC_CLIENT_ID: text('OIDC_CLIENT_ID', 'passerelle-explorer', 'The explorer’s client id at the provider: a public client (no secret) using Authorization Code with PKCE, redirected to `<gateway>/explorer`.'),
  OIDC_SCOPE: text('OIDC_SCOPE', 'openid email offline_access', 'The scopes the explorer asks the provider for (Passerelle’s own scopes come from the directory, never from here).'),
  OIDC_RESOURCE: url('OIDC_RESOURCE', undefined, 'The resource indicator (RFC 8707) the explorer asks tokens for, when the provider needs one to issue JWT access tokens for the gateway.', ['https:', 'http:']),
  // --- end of OpenID Connect variables ---
  SHUTDOWN_GRACE_MS: integer(
    'SHUTDOWN_GRACE_MS',
    '10000',
    'On SIGTERM or SIGINT, how long (ms) a service keeps answering the requests already in flight before it closes their connections; new connections are refused at once.',
    0,
    600_000,
  ),
  LOG_LEVEL: oneOf('LOG_LEVEL', 'info', 'silent, error, info or debug.', LOG_LEVELS),
  LOG_FORMAT: {
    name: 'LOG_FORMAT',
    default: undefined,
    doc: '`json`: one JSON object per line (pino) with the service, level, time and the request’s trace id; `line`: `[service] message`. Unset: json when NODE_ENV=production, line otherwise.',
    parse(raw: string): LogFormat {
      if (!(LOG_FORMATS as readonly string[]).includes(raw)) throw new ConfigError('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}, got "${raw}"`);
      return raw as LogFormat;
    },
  } satisfies Variable<LogFormat>,
  TRUSTED_DOCUMENTS: {
    name: 'TRUSTED_DOCUMENTS',
    default: undefined,
    doc: 'Audiences that may run only the documents their applications registered (`npm run documents:publish`), by id: a comma-separated list of audiences, or `none`. Unset: every audience but department, crip and analyst (whose explorers send free documents) when NODE_ENV=production; none otherwise.',
    parse(raw: string): string[] {
      if (raw.trim() === 'none') return [];
      const audiences = raw.split(',').map((a) => a.trim()).filter(Boolean);
      const unknown = audiences.filter((a) => !(AUDIENCES as readonly string[]).includes(a));
      if (unknown.length > 0 || audiences.length === 0) throw new ConfigError('TRUSTED_DOCUMENTS', `must be none or a comma-separated list of ${AUDIENCES.join(', ')}; got "${raw}"`);
      return audiences;
    },
  } satisfies Variable<string[]>,
  METRICS_TOKEN: {
    name: 'METRICS_TOKEN',
    default: undefined,
    doc: 'Bearer token Prometheus sends to scrape `GET /metrics` on every service (≥ 24 characters). Unset: /metrics is open in development and absent (404) when NODE_ENV=production.',
    parse(raw: string): string {
      if (raw.length < 24) throw new ConfigError('METRICS_TOKEN', 'must be at least 24 characters');
      return raw;
    },
  } satisfies Variable<string>,
  NODE_ENV: text('NODE_ENV', 'development', '`production` hides error details from clients.'),
  INCLUDE_STACKTRACE: boolean(
    'INCLUDE_STACKTRACE',
    'false',
    'Include stack traces in GraphQL errors (development only; never with NODE_ENV=production).',
  ),
  // --- cases subgraph (issue 3): evaluation deadlines of an information préoccupante ---
  EVALUATION_DELAY_MONTHS: integer(
    'EVALUATION_DELAY_MONTHS',
    '3',
    'Months from receipt of a concern (information préoccupante) to the evaluation due date (CASF D226-2-4 II: at most 3).',
    1,
    3,
  ),
  URGENT_EVALUATION_DELAY_DAYS: integer(
    'URGENT_EVALUATION_DELAY_DAYS',
    '15',
    'Days from receipt of an urgent concern to its evaluation due date (shorter when the danger is serious).',
    1,
    90,
  ),
  // --- end of cases subgraph variables ---
  // --- statistics and the observatory export (issue 7) ---
  STATISTICS_MIN_CELL: integer(
    'STATISTICS_MIN_CELL',
    '5',
    'Secret statistique: statistics cells (and medians) counting fewer children or events than this come back suppressed, with complementary suppression.',
    2,
    1000,
  ),
  PSEUDONYM_KEY: text(
    'PSEUDONYM_KEY',
    DEVELOPMENT_PSEUDONYM_KEY,
    'Key held by the département for the keyed pseudonym (HMAC-SHA256) of the observatory export (≥ 32 characters). The development default is refused when NODE_ENV=production.',
  ),
  // --- end of statistics variables ---
  // --- the audit trail (issue 11) ---
  AUDIT_CHAIN_KEY: text(
    'AUDIT_CHAIN_KEY',
    undefined,
    'Secret (≥ 32 characters) the audit records are linked (HMAC-SHA256) and the checkpoints signed with; the database never holds it. Unset: derived from PRINCIPAL_SIGNING_KEY (HKDF); with neither, `npm start` keeps a random one in `.data/audit-chain.key`. Give only the gateways and `audit:verify`/`audit:purge` a key of their own in production.',
  ),
  AUDIT_CHECKPOINT_DIR: text(
    'AUDIT_CHECKPOINT_DIR',
    '.data/audit-checkpoints',
    'Append-only directory, outside the database, where each audit chain’s head is checkpointed (signed), relative to the repository, in a folder per database (named from host, port and database name); put it on storage the database administrators do not control.',
  ),
  AUDIT_CHECKPOINT_INTERVAL_MS: integer(
    'AUDIT_CHECKPOINT_INTERVAL_MS',
    '10000',
    'How often (ms) each gateway checkpoints its audit chain’s head (also at shutdown): records newer than the last checkpoint are the only ones whose removal `audit:verify` cannot see.',
    100,
    3_600_000,
  ),
  AUDIT_RETENTION_DAYS: integer(
    'AUDIT_RETENTION_DAYS',
    '365',
    'How long `npm run audit:purge` keeps audit records (CNIL: 6 months to 1 year, up to 3 years when justified).',
    180,
    1095,
  ),
  // --- end of audit variables ---
  // --- the département's own slice (issue 13) ---
  BREAK_GLASS_HOURS: integer(
    'BREAK_GLASS_HOURS',
    '24',
    'How long (hours) a département caseworker’s break-glass grant opens a child outside their slice (`breakGlass`); the child leaves the slice at that instant.',
    1,
    72,
  ),
  // --- notifications and webhooks (issue 13) ---
  NOTIFY_DEADLINE_DAYS: integer(
    'NOTIFY_DEADLINE_DAYS',
    '30',
    'Notice period of deadline notifications: a measure’s planned end, a situation report’s or a placement’s end due within this many days is notified (once per deadline and recipient).',
    1,
    365,
  ),
  NOTIFY_SCAN_INTERVAL_MS: integer(
    'NOTIFY_SCAN_INTERVAL_MS',
    '3600000',
    'How often (ms) each cases and placements replica scans for deadlines to notify (idempotent; `npm run notify:deadlines` runs one scan by hand).',
    1000,
    86_400_000,
  ),
  NOTIFY_POLL_MS: integer(
    'NOTIFY_POLL_MS',
    '1000',
    'How often (ms) each cases and placements replica polls its outbox for webhook deliveries that are due.',
    10,
    600_000,
  ),
  WEBHOOK_MAX_ATTEMPTS: integer(
    'WEBHOOK_MAX_ATTEMPTS',
    '10',
    'Delivery attempts of one notification to a webhook before it is dead-lettered (DEAD, visible in the inbox, redelivered on request).',
    1,
    50,
  ),
  WEBHOOK_BACKOFF_BASE_MS: integer(
    'WEBHOOK_BACKOFF_BASE_MS',
    '30000',
    'Wait (ms) before the first retry of a failed webhook delivery; each next wait doubles, jittered to between half and all of it.',
    1,
    86_400_000,
  ),
  WEBHOOK_BACKOFF_MAX_MS: integer(
    'WEBHOOK_BACKOFF_MAX_MS',
    '21600000',
    'Longest wait (ms) between two attempts of a webhook delivery.',
    1,
    86_400_000,
  ),
  WEBHOOK_TIMEOUT_MS: integer(
    'WEBHOOK_TIMEOUT_MS',
    '10000',
    'How long (ms) a webhook receiver has to answer a delivery before the attempt counts as failed.',
    100,
    120_000,
  ),
  // --- end of notification variables ---
} as const;

export type Variables = typeof variables;
export type VariableName = keyof Variables;
type ValueOf<N extends VariableName> = ReturnType<Variables[N]['parse']>;
/** The variables with no default: absent means "not configured" (DATABASE_URL: embedded database). */
type OptionalVariable = 'DATABASE_URL' | 'PRINCIPAL_SIGNING_KEY' | 'JWT_JWKS_URL' | 'AUDIT_CHAIN_KEY' | 'OIDC_ISSUER' | 'OIDC_AUDIENCE' | 'OIDC_RESOURCE';
export type Config<N extends VariableName> = {
  [K in N]: K extends OptionalVariable ? ValueOf<K> | undefined : ValueOf<K>;
};

/** Reads and validates the named variables; throws ConfigError on the first bad one. */
export function readConfig<N extends VariableName>(names: readonly N[], env: Env = process.env): Config<N> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec: Variable<unknown> = variables[name];
    const raw = env[name];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    out[name] = value === undefined ? undefined : spec.parse(value);
  }
  return out as Config<N>;
}

/** How much of an error clients see: stack traces only in development, never in production. */
export function readErrorConfig(env: Env = process.env): { includeStacktrace: boolean; production: boolean } {
  const config = readConfig(['NODE_ENV', 'INCLUDE_STACKTRACE'], env);
  const production = config.NODE_ENV === 'production';
  if (production && config.INCLUDE_STACKTRACE) {
    throw new ConfigError('INCLUDE_STACKTRACE', 'must not be true when NODE_ENV=production');
  }
  return { includeStacktrace: config.INCLUDE_STACKTRACE, production };
}

/**
 * The key the gateway signs forwarded principals with. Services running as separate processes
 * must share one; `npm start` (one process) makes a random one when none is configured.
 */
export function readSigningKey(env: Env = process.env, fallback?: () => string): string {
  const key = readConfig(['PRINCIPAL_SIGNING_KEY'], env).PRINCIPAL_SIGNING_KEY ?? fallback?.();
  if (!key) throw new ConfigError('PRINCIPAL_SIGNING_KEY', 'is required when the gateway and the subgraphs run as separate processes');
  if (key.length < 32) throw new ConfigError('PRINCIPAL_SIGNING_KEY', 'must be at least 32 characters');
  return key;
}

/**
 * Runs a service's or a command's main. A Node.js older than Passerelle needs, a ConfigError, a
 * UsageError or an EmbeddedPostgresError (expected failures) become one line on stderr and exit
 * code 2; anything else keeps its stack trace, exit code 1.
 */
export function runMain(main: () => Promise<unknown>): void {
  checkNodeVersion();
  main().catch((error: unknown) => {
    if (isExpectedFailure(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

/** The failures a user can fix from their one line: configuration, arguments, the embedded database (EmbeddedPostgresError is a UsageError). */
export function isExpectedFailure(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof UsageError;
}

/**
 * Owns SIGTERM and SIGINT for a service (Apollo Server's own handlers are turned off with
 * `stopOnTerminationSignals: false`: they re-raised the signal before anything drained). On the
 * first signal `stop` drains and closes; the process then exits 0, or 1 if stopping failed or
 * took longer than `graceMs` plus a margin. A second signal exits at once (an operator's Ctrl-C
 * twice).
 */
export function stopOnSignals(stop: () => Promise<void>, log: { info(m: string): void; error(m: string): void }, graceMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const t0 = Date.now();
    log.info(`${signal}: draining (up to ${graceMs} ms), then stopping`);
    const deadline = setTimeout(() => {
      log.error('stopping took too long: exiting');
      process.exit(1);
    }, graceMs + 15_000);
    deadline.unref();
    stop().then(
      () => {
        log.info(`stopped in ${Date.now() - t0} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        log.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** The repository root (this file sits in subgraphs/common/{src,dist}). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A path from the configuration, relative to the repository unless absolute. */
export function repoPath(relative: string): string {
  return path.resolve(REPO_ROOT, relative);
}
