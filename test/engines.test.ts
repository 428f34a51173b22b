import { MINIMUM_NODE_VERSION, repoPath } from '@passerelle/common';
import { readFileSync } from 'node:fs';
import semver from 'semver';

/**
 * Issue 12, item 11: Passerelle runs on Node 20 (package.json `engines`, README, the check at
 * start). No installed package may ask for a later Node: `npm ci` would warn, and the package
 * may use what Node 20 lacks.
 */
describe('the Node.js version', () => {
  const root = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
  };

  it('engines, the check at start and the README say the same version', () => {
    expect(root.engines.node).toBe(`>=${MINIMUM_NODE_VERSION.replace(/\.0$/, '')}`);
    expect(semver.minVersion(root.engines.node)?.version).toBe(MINIMUM_NODE_VERSION);
    expect(readFileSync(repoPath('README.md'), 'utf8')).toContain(`Node.js ${MINIMUM_NODE_VERSION.replace(/\.0$/, '')}`);
  });

  it('no installed package excludes the running Node or the oldest supported one', () => {
    const excluding: string[] = [];
    for (const [where, info] of Object.entries(lock.packages)) {
      const range = Array.isArray(info.engines) ? undefined : info.engines?.node;
      if (!where || !range) continue;
      for (const version of [process.version, MINIMUM_NODE_VERSION]) {
        if (!semver.satisfies(version, range, { includePrerelease: true })) excluding.push(`${where}@${info.version} wants node ${range}, not ${version}`);
      }
    }
    expect(excluding).toEqual([]);
  });
});
