import { parseCommand, readAccessRules, readConfig, repoPath, runMain } from '@passerelle/common';
import { composeServices } from '@apollo/composition';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaOf, deriveContracts } from '@passerelle/gateway';
import { parse, printSchema } from 'graphql';
import { renderAccessDoc } from './access-doc';
import { SUBGRAPHS } from './subgraphs';

export interface Composition {
  /** File path (relative to the repository) → content. */
  files: Record<string, string>;
}

/**
 * Prints each subgraph's SDL from code (no server, no database), composes them with
 * @apollo/composition, and derives each audience's contract schema from the result. Throws with
 * every composition error when composition fails.
 */
export async function compose(): Promise<Composition> {
  const urls = readConfig(['CASES_URL', 'PLACEMENTS_URL', 'PARTNERS_URL'], {});
  const files: Record<string, string> = {};
  const services = [];
  for (const entry of SUBGRAPHS) {
    const { sdl } = await entry.definition.buildSchema();
    files[`schema/subgraphs/${entry.definition.name}.graphql`] = `${sdl.trim()}\n`;
    services.push({ name: entry.definition.name, url: urls[entry.urlVariable], typeDefs: parse(sdl) });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  files['schema/supergraph.graphql'] = `${result.supergraphSdl.trim()}\n`;
  // Each audience's contract: what its introspection shows and its operations validate against.
  const api = await apiSchemaOf(result.supergraphSdl);
  const rules = readAccessRules(result.supergraphSdl);
  const contracts = deriveContracts(api, rules);
  for (const [audience, schema] of Object.entries(contracts)) {
    files[`schema/contracts/${audience}.graphql`] = `${printSchema(schema).trim()}\n`;
  }
  files['docs/ACCESS.md'] = renderAccessDoc(api, rules, contracts);
  return { files };
}

/** The checked-in files that differ from what the code composes now. */
export function staleFiles(composition: Composition): string[] {
  return Object.entries(composition.files)
    .filter(([file, content]) => {
      const full = repoPath(file);
      return !existsSync(full) || readFileSync(full, 'utf8') !== content;
    })
    .map(([file]) => file);
}

if (require.main === module) {
  runMain(async () => {
    const { flags } = parseCommand({ command: 'npm run compose', usage: '[--check]', flags: { check: 'boolean' } }, process.argv.slice(2));
    const composition = await compose();
    if (flags.check) {
      const stale = staleFiles(composition);
      if (stale.length > 0) {
        process.stderr.write(`stale (run \`npm run compose\`): ${stale.join(', ')}\n`);
        process.exit(1);
      }
      process.stdout.write('supergraph is up to date\n');
      return;
    }
    for (const [file, content] of Object.entries(composition.files)) {
      mkdirSync(path.dirname(repoPath(file)), { recursive: true });
      writeFileSync(repoPath(file), content);
      process.stdout.write(`wrote ${file}\n`);
    }
  });
}
