/**
 * graphql-codegen's client preset, run through @graphql-codegen/core (the code generator without
 * its CLI, whose schema loaders need a newer Node than Passerelle's 20): the school audience's
 * contract (what a school's app may ask) and the app's documents (src/documents/*.graphql) give
 * typed documents in src/gql/, and src/gql/persisted-documents.json (SHA-256 id → text), which
 * the build turns into the manifest Passerelle registers as trusted documents.
 */
const { codegen } = require('@graphql-codegen/core');
const { preset } = require('@graphql-codegen/client-preset');
const { buildSchema, parse, printSchema } = require('graphql');
const { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

async function main() {
  // What an earlier build generated or compiled goes first: no stale document survives a rename.
  for (const generated of ['src/gql', 'dist']) rmSync(path.join(__dirname, generated), { recursive: true, force: true });
  const schemaAst = buildSchema(readFileSync(path.join(__dirname, '../../schema/contracts/school.graphql'), 'utf8'));
  const folder = path.join(__dirname, 'src/documents');
  const documents = readdirSync(folder)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const rawSDL = readFileSync(path.join(folder, f), 'utf8');
      return { location: `src/documents/${f}`, document: parse(rawSDL), rawSDL };
    });
  const sections = await preset.buildGeneratesSection({
    baseOutputDir: 'src/gql/',
    schema: parse(printSchema(schemaAst)),
    schemaAst,
    documents,
    plugins: [],
    pluginMap: {},
    config: { enumsAsTypes: true, useTypeImports: true, scalars: { LocalDate: 'string', DateTimeISO: 'string' } },
    presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' } },
    documentTransforms: [],
    pluginContext: {},
  });
  for (const section of sections) {
    const output = await codegen({ ...section, cache: undefined });
    const file = path.join(__dirname, section.filename);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, output);
  }
  process.stdout.write(`codegen: ${documents.length} documents, ${sections.length} files in src/gql/\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
