import {
  auditSettingsFor,
  createLog,
  integerFlag,
  parseCommand,
  openAudit,
  partnerId,
  partnerMemberId,
  PRINCIPAL_HEADER,
  repoPath,
  runMain,
  signPrincipal,
} from '@passerelle/common';
import { readTokenSettings, startGateway } from '@passerelle/gateway';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBenchServer } from './bench-server';
import { benchToken } from './bench-world';
import { startStack } from './stack';

/**
 * `npm run bench:policy -- [--requests N] [--children N]`: what the gateway adds to a request, with the
 * access policy enforced (token, contract, field rules, audit, signed principal) and off, against
 * a direct (signed) call to the subgraph. Prints figures; asserts nothing (machines are noisy).
 * Runs on a database of its own (`passerelle_bench`) on DATABASE_URL's server or the embedded one.
 */
const QUERY = `query Bench { children(first: 20) { nodes { id firstNames lastName birthDate enrollments(first: 2) { nodes { classLevel school { name } } } } } }`;

async function timeRequests(n: number, send: () => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const response = await send();
    const body = (await response.json()) as { errors?: unknown[] };
    times.push(performance.now() - t0);
    if (body.errors) throw new Error(`benchmark request failed: ${JSON.stringify(body.errors)}`);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (sorted: number[]) =>
  `p50 ${pct(sorted, 50).toFixed(2)} ms · p95 ${pct(sorted, 95).toFixed(2)} ms · mean ${(sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(2)} ms`;

runMain(async () => {
  const spec = { command: 'npm run bench:policy', usage: '[--requests N] [--children N]', flags: { requests: 'string', children: 'string' } } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const requests = integerFlag(spec, 'requests', flags.requests, 400, 1);
  const children = integerFlag(spec, 'children', flags.children, 2000, 1);
  const log = createLog('bench', 'error');
  const bench = await openBenchServer(log);
  const url = await bench.fresh('passerelle_bench');
  const signingKey = 'benchmark-signing-key-benchmark-signing-key';
  const checkpointDir = mkdtempSync(path.join(tmpdir(), 'passerelle-bench-audit-'));
  const auditSettings = auditSettingsFor(signingKey, checkpointDir);
  const stack = await startStack({ databaseUrl: url.toString(), seed: { children }, signingKey, audit: auditSettings, log });
  const audit = openAudit(url.toString(), log, { keys: auditSettings.keys, checkpoints: auditSettings.checkpoints, name: 'bench-open' });
  const open = await startGateway({
    supergraphSdl: readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
    port: 0,
    host: '127.0.0.1',
    signingKey,
    tokens: readTokenSettings(),
    audit: audit.writer,
    policy: 'off',
  });
  try {
    const token = await benchToken({
      audience: 'department',
      partnerId: partnerId('DEPARTMENT', 0),
      sub: partnerMemberId('DEPARTMENT', 0, 0),
    });
    const body = JSON.stringify({ query: QUERY });
    const post = (target: string, headers: Record<string, string>) => () =>
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const principal = { sub: 'bench', partnerId: partnerId('DEPARTMENT', 0), audience: 'department' as const, scopes: [], department: { role: 'MANAGER' as const, teamId: null, communes: [] } };
    const direct = () =>
      fetch(stack.subgraphs.cases!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipal(principal, { query: '{ children(first: 20) { nodes { id firstNames lastName birthDate } } }' }, signingKey, 'cases') },
        body: JSON.stringify({ query: '{ children(first: 20) { nodes { id firstNames lastName birthDate } } }' }),
      });
    const enforced = post(stack.gateway.url, { authorization: `Bearer ${token}` });
    const off = post(open.url, {});
    // Warm up every path (query plans, JIT, connection pools), then measure interleaved rounds.
    await timeRequests(50, enforced);
    await timeRequests(50, off);
    await timeRequests(50, direct);
    const results = { enforced: [] as number[], off: [] as number[], direct: [] as number[] };
    for (let round = 0; round < 4; round++) {
      results.enforced.push(...(await timeRequests(requests / 4, enforced)));
      results.off.push(...(await timeRequests(requests / 4, off)));
      results.direct.push(...(await timeRequests(requests / 4, direct)));
    }
    for (const list of Object.values(results)) list.sort((a, b) => a - b);
    process.stdout.write(`\n${requests} sequential requests each, ${children} seeded children, one query of 20 children with their enrolments and schools (3 subgraph fetches)\n`);
    process.stdout.write(`  gateway, policy enforced:  ${fmt(results.enforced)}\n`);
    process.stdout.write(`  gateway, policy off:       ${fmt(results.off)}\n`);
    process.stdout.write(`  cases subgraph directly:   ${fmt(results.direct)}  (children only, for scale)\n`);
    process.stdout.write(`  policy cost (p50): ${(pct(results.enforced, 50) - pct(results.off, 50)).toFixed(2)} ms per request\n`);
  } finally {
    await open.stop();
    await audit.stop();
    await stack.stop();
    await bench.drop('passerelle_bench');
    await bench.server.stop();
    rmSync(checkpointDir, { recursive: true, force: true });
  }
});
