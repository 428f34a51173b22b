#!/usr/bin/env node
/**
 * Bundles the explorer (gateway/explorer/app.tsx: GraphiQL, React, CodeMirror) into
 * gateway/dist/explorer/app.js and app.css, which the gateway serves at /explorer. Everything
 * comes from node_modules: nothing is fetched at run time. Part of `npm run build`; does nothing
 * when the bundle is newer than its sources, the lockfile and this script (`--force` rebuilds).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const gateway = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(gateway, '..');
const sources = join(gateway, 'explorer');
const out = join(gateway, 'dist', 'explorer');
const outputs = ['app.js', 'app.css'].map((name) => join(out, name));

const inputs = [
  ...readdirSync(sources)
    .filter((name) => !name.endsWith('.test.ts'))
    .map((name) => join(sources, name)),
  join(root, 'package-lock.json'),
  fileURLToPath(import.meta.url),
];

const newest = (paths) => Math.max(...paths.map((p) => statSync(p).mtimeMs));
const oldest = (paths) => Math.min(...paths.map((p) => statSync(p).mtimeMs));
const upToDate = outputs.every((p) => existsSync(p)) && oldest(outputs) > newest(inputs);

if (upToDate && !process.argv.includes('--force')) process.exit(0);

const started = performance.now();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const check = spawnSync(process.execPath, [tsc, '-p', sources], { stdio: 'inherit' });
if (check.status !== 0) {
  process.stderr.write('explorer: type errors in gateway/explorer, not bundled\n');
  process.exit(1);
}
const checked = performance.now();

const result = await build({
  entryPoints: { app: join(sources, 'app.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  // The licences of React, GraphiQL, CodeMirror… travel with the code that needs them.
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
});
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const sizes = Object.entries(result.metafile.outputs)
  .map(([path, { bytes }]) => `${path.slice(path.lastIndexOf('/') + 1)} ${kib(bytes)}`)
  .join(', ');
process.stdout.write(
  `explorer: bundled ${sizes} in ${((performance.now() - checked) / 1000).toFixed(1)} s ` +
    `(type check ${((checked - started) / 1000).toFixed(1)} s)\n`,
);
