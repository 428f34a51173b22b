import { repoPath, VENDOR_TELEMETRY_OFF } from '@passerelle/common';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Issue 17: vendor telemetry is off in code before any library loads. no-phone-home.ts sets it
 * when it loads; it is the first import of @passerelle/common, which must be the first import of
 * every program Passerelle ships (test/no-egress.e2e.ts checks what the running ones do).
 */

/** Each compiled script run by package.json, docker-compose.yml and the Dockerfile, as its source. */
function entryPoints(): string[] {
  const sources = ['package.json', 'docker-compose.yml', 'Dockerfile'].map((f) => readFileSync(repoPath(f), 'utf8'));
  const scripts = new Set<string>();
  for (const text of sources) {
    for (const match of text.matchAll(/node"?,? +"?([a-z/_-]+\/dist\/[a-z/_-]+\.js)/g)) scripts.add(match[1]!);
  }
  return [...scripts].map((s) => s.replace('/dist/', '/src/').replace(/\.js$/, '.ts')).sort();
}

function firstImport(file: string): string | undefined {
  const match = readFileSync(repoPath(file), 'utf8').match(/^import\s+(?:[^;]*?\s+from\s+)?'([^']+)';/m);
  return match?.[1];
}

describe('vendor telemetry is off before any library loads', () => {
  const entries = entryPoints();

  it('finds the programs: gateway, subgraphs, npm start and the tools', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'gateway/src/main.ts',
        'subgraphs/cases/src/main.ts',
        'subgraphs/placements/src/main.ts',
        'subgraphs/partners/src/main.ts',
        'tools/src/start.ts',
        'tools/src/seed.ts',
        'tools/src/bench.ts',
        'subgraphs/cases/src/observatory/cli.ts',
        'subgraphs/partners/src/import/cli.ts',
      ]),
    );
    for (const entry of entries) expect([entry, existsSync(repoPath(entry))]).toEqual([entry, true]);
  });

  it('every program imports @passerelle/common first, and it imports no-phone-home first', () => {
    expect(firstImport('subgraphs/common/src/index.ts')).toBe('./no-phone-home');
    expect(readFileSync(repoPath('subgraphs/common/src/no-phone-home.ts'), 'utf8')).not.toMatch(/^import /m);
    for (const entry of entries) expect([entry, firstImport(entry)]).toEqual([entry, '@passerelle/common']);
  });

  it('loading @passerelle/common sets it, over whatever the environment said', () => {
    const result = spawnSync(
      process.execPath,
      ['-e', `require('@passerelle/common'); console.log(JSON.stringify(process.env))`],
      { cwd: repoPath('.'), encoding: 'utf8', env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'false' } },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(expect.objectContaining(VENDOR_TELEMETRY_OFF));
  });
});
