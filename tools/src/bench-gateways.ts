import { auditSettingsFor, createLog, openAudit, repoPath, type Audience, type Principal } from '@passerelle/common';
import { readTokenSettings, startGateway, subgraphDirectory } from '@passerelle/gateway';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The two gateways `npm run bench:policy:load` measures, in a process of their own (so that their CPU
 * is theirs, and `node --cpu-prof` profiles them alone): one with the policy enforced, one with
 * it off, one per workload's principal (served as the principal the directory gives that member,
 * so that both ask the subgraphs for the same slice). Started by bench-policy-load.ts with
 * BENCH_GATEWAYS (JSON: subgraph URLs, signing key, database, principals by name); prints
 * `{"on": url, "off": {name: url}}` on one line, stops at SIGTERM or when stdin closes.
 */
interface Settings {
  subgraphUrls: Record<string, string>;
  signingKey: string;
  databaseUrl: string;
  principals: Record<string, { partnerId: string; sub: string; audience: Audience }>;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.BENCH_GATEWAYS ?? '') as Settings;
  const log = createLog('bench-gateway', 'error');
  const checkpointDir = mkdtempSync(path.join(tmpdir(), 'passerelle-bench-policy-'));
  const auditSettings = auditSettingsFor(settings.signingKey, checkpointDir);
  const audit = openAudit(settings.databaseUrl, log, { keys: auditSettings.keys, checkpoints: auditSettings.checkpoints, name: 'bench-policy' });
  await audit.migrated;
  const common = {
    supergraphSdl: readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: settings.subgraphUrls,
    port: 0,
    host: '127.0.0.1',
    signingKey: settings.signingKey,
    tokens: readTokenSettings(),
    audit: audit.writer,
    log,
  };
  const on = await startGateway({ ...common, databaseUrl: settings.databaseUrl });
  const directory = subgraphDirectory(settings.subgraphUrls.partners!, settings.signingKey);
  const off: Record<string, Awaited<ReturnType<typeof startGateway>>> = {};
  for (const [name, who] of Object.entries(settings.principals)) {
    // As authenticate.ts builds it from a token without scopes.
    // The subgraphs may still be warming up on a busy machine: ask again a few times.
    let verdict: Awaited<ReturnType<typeof directory.check>> | undefined;
    for (let attempt = 1; !verdict; attempt++) {
      try {
        verdict = await directory.check(who);
      } catch (error) {
        if (attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    if (!verdict.allowed) throw new Error(`the directory refuses ${who.sub}: ${verdict.reason}`);
    const principal: Principal = {
      sub: who.sub,
      partnerId: who.partnerId,
      audience: who.audience,
      ...(verdict.partnerKind ? { partnerKind: verdict.partnerKind } : {}),
      scopes: [],
      grants: verdict.grants ?? [],
      ...(who.audience === 'department' && verdict.department ? { department: verdict.department } : {}),
    };
    off[name] = await startGateway({ ...common, policy: 'off', benchmarkPrincipal: principal });
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await on.stop();
    for (const gateway of Object.values(off)) await gateway.stop();
    await audit.stop();
    rmSync(checkpointDir, { recursive: true, force: true });
    // `node --cpu-prof` writes its profile at a normal exit.
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ on: on.url, off: Object.fromEntries(Object.entries(off).map(([name, g]) => [name, g.url])) })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
