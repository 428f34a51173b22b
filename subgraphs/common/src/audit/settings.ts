import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, readConfig, repoPath } from '../config';
import { deriveAuditKeys, type AuditKeys } from './chain';
import { DirectoryCheckpointSink } from './checkpoint';

type Env = Record<string, string | undefined>;

export interface AuditSettings {
  keys: AuditKeys;
  /** Which secret the keys come from: AUDIT_CHAIN_KEY, PRINCIPAL_SIGNING_KEY (HKDF), or the development key file. */
  keySource: string;
  checkpointDir: string;
  checkpoints: DirectoryCheckpointSink;
  checkpointIntervalMs: number;
}

/** Development only: a random key kept beside the embedded database's folder, never inside it. */
function developmentKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * The audit trail's keys and checkpoint directory. The secret is AUDIT_CHAIN_KEY, else
 * PRINCIPAL_SIGNING_KEY (keys derived through HKDF, distinct from the principal's and the
 * cursors'), else — outside production, for `npm start` — a random key kept in
 * `.data/audit-chain.key`. `signingKey` stands for PRINCIPAL_SIGNING_KEY when the caller has it.
 */
/**
 * The checkpoints of one database's chains, in a folder of its own under AUDIT_CHECKPOINT_DIR,
 * named from the connection (host, port, database) — never from anything the database says, which
 * its administrator could change. Without it, the checkpoints of another database (a test's, the
 * one before `db:reset`, another DATABASE_URL) read as chains deleted from this one.
 */
export function checkpointDirFor(base: string, databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const name = `${url.hostname || 'local'}_${url.port || '5432'}_${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}`;
  return path.join(base, name.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/**
 * The audit settings from the environment; with `databaseUrl`, the checkpoint folder is that
 * database's own (checkpointDirFor).
 */
export function readAuditSettings(env: Env = process.env, signingKey?: string, databaseUrl?: string): AuditSettings {
  const config = readConfig(
    ['AUDIT_CHAIN_KEY', 'PRINCIPAL_SIGNING_KEY', 'AUDIT_CHECKPOINT_DIR', 'AUDIT_CHECKPOINT_INTERVAL_MS', 'NODE_ENV'],
    env,
  );
  let secret: string;
  let keySource: string;
  if (config.AUDIT_CHAIN_KEY) {
    if (config.AUDIT_CHAIN_KEY.length < 32) throw new ConfigError('AUDIT_CHAIN_KEY', 'must be at least 32 characters');
    secret = config.AUDIT_CHAIN_KEY;
    keySource = 'AUDIT_CHAIN_KEY';
  } else if (config.PRINCIPAL_SIGNING_KEY ?? signingKey) {
    secret = (config.PRINCIPAL_SIGNING_KEY ?? signingKey)!;
    keySource = 'PRINCIPAL_SIGNING_KEY (HKDF)';
  } else if (config.NODE_ENV !== 'production') {
    const file = repoPath('.data/audit-chain.key');
    secret = developmentKey(file);
    keySource = file;
  } else {
    throw new ConfigError('AUDIT_CHAIN_KEY', 'is required (or PRINCIPAL_SIGNING_KEY) when NODE_ENV=production');
  }
  const base = path.isAbsolute(config.AUDIT_CHECKPOINT_DIR) ? config.AUDIT_CHECKPOINT_DIR : repoPath(config.AUDIT_CHECKPOINT_DIR);
  const checkpointDir = databaseUrl ? checkpointDirFor(base, databaseUrl) : base;
  return {
    keys: deriveAuditKeys(secret),
    keySource,
    checkpointDir,
    checkpoints: new DirectoryCheckpointSink(checkpointDir),
    checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
  };
}

/** Settings from a secret and a directory (tests, benchmarks). */
export function auditSettingsFor(secret: string, checkpointDir: string, checkpointIntervalMs = 10_000): AuditSettings {
  return {
    keys: deriveAuditKeys(secret),
    keySource: 'given',
    checkpointDir,
    checkpoints: new DirectoryCheckpointSink(checkpointDir),
    checkpointIntervalMs,
  };
}
