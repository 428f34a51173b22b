import { repoPath, UsageError } from '@passerelle/common';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * Hive Gateway for `npm run bench` (H), installed at bench time into a folder of its own
 * (node_modules/.cache/passerelle-bench/hive-gateway-<version>), never into the workspace: its
 * ~700 packages stay out of package-lock.json, and so out of what Passerelle ships and of
 * test/engines.test.ts's check.
 *
 * Version: 2.15.1, the newest 2.15. Its own `engines` allow Node 20 (>=20.0.0), but resolved
 * today its ranges pull @whatwg-node/promise-helpers 2.x, @whatwg-node/disposablestack 0.1 and
 * sync-fetch 0.7, which ask for Node >= 22.12/22.15. Installed with `--before` the day after
 * 2.15.1 came out (the tree as it resolved then), every package allows Node 20: checked below
 * after each install, and the bench refuses to run H otherwise.
 */
export const HIVE_GATEWAY_VERSION = '2.15.1';
/** Its own graphql (its peer range; 16.15, Passerelle's, came out after the day below): H loads nothing of Passerelle's graphql. */
export const HIVE_GRAPHQL_RANGE = '^16.9.0';
/** The day after 2.15.1 was published (2026-09-29): npm resolves every range as it stood then. */
export const HIVE_RESOLVED_BEFORE = '2026-09-30T00:00:00Z';

/** Packages of an npm lock whose `engines.node` excludes `nodeVersion`. */
export function enginesExcluding(lock: { packages?: Record<string, { version?: string; engines?: unknown }> }, nodeVersion: string): string[] {
  const out: string[] = [];
  for (const [where, info] of Object.entries(lock.packages ?? {})) {
    const engines = info.engines as { node?: string } | string[] | undefined;
    const range = Array.isArray(engines) ? undefined : engines?.node;
    if (!where || !range) continue;
    if (!semver.satisfies(nodeVersion, range, { includePrerelease: true })) out.push(`${where}@${info.version} wants node ${range}`);
  }
  return out;
}

/** The folder Hive Gateway is installed in, installing it first when it is not there yet. */
export function ensureHiveGateway(write: (line: string) => void): string {
  const dir = repoPath(`node_modules/.cache/passerelle-bench/hive-gateway-${HIVE_GATEWAY_VERSION}`);
  const installed = path.join(dir, 'node_modules/@graphql-hive/gateway/package.json');
  if (!existsSync(installed)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ private: true, description: 'Hive Gateway for npm run bench (tools/src/bench-hive.ts)', dependencies: { '@graphql-hive/gateway': HIVE_GATEWAY_VERSION, graphql: HIVE_GRAPHQL_RANGE } }, null, 2)}\n`,
    );
    write(`installing Hive Gateway ${HIVE_GATEWAY_VERSION} into ${path.relative(repoPath('.'), dir)} (once; about a minute)\n`);
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `--before=${HIVE_RESOLVED_BEFORE}`], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status !== 0 || !existsSync(installed)) {
      throw new UsageError(`npm run bench: could not install Hive Gateway ${HIVE_GATEWAY_VERSION} (npm install in ${dir}: ${(result.stderr || result.error?.message || '').trim().split('\n')[0]}); run without it: --gateways P,A`);
    }
  }
  const version = (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version;
  if (version !== HIVE_GATEWAY_VERSION) throw new UsageError(`npm run bench: ${dir} holds Hive Gateway ${version}, not ${HIVE_GATEWAY_VERSION}: delete that folder`);
  const excluding = enginesExcluding(JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')), process.version);
  if (excluding.length) {
    throw new UsageError(`npm run bench: Hive Gateway's install has packages that exclude Node ${process.version} (${excluding.slice(0, 3).join('; ')}…): delete ${dir}, or run with --gateways P,A`);
  }
  return dir;
}
