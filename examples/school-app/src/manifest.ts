import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The app's documents as Passerelle registers them: Apollo's persisted query manifest, with the
 * app's name and audience, from the client preset's persisted-documents.json. The build writes
 * it to dist/school-app.json; `npm run documents:publish -- examples/school-app/dist/school-app.json`
 * registers it.
 */
const persisted = JSON.parse(readFileSync(path.join(__dirname, '..', 'src', 'gql', 'persisted-documents.json'), 'utf8')) as Record<string, string>;
const manifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  app: 'ecole-app',
  audience: 'school',
  operations: Object.entries(persisted).map(([hash, body]) => {
    const [, type, name] = /^(query|mutation|subscription)\s+(\w+)/.exec(body) ?? [];
    return { id: hash.replace(/^sha256:/, ''), name, type, body };
  }),
};
process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
