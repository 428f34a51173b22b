import { partnerId, partnerMemberId, REPO_ROOT } from '@passerelle/common';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { commandEnv } from './support/clone';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 16: the example partner client (examples/school-app), built as its developers would
 * (graphql-codegen's client preset on the school contract, then tsc), its documents published as
 * trusted documents with the real command, then run against the platform: it lists its pupils,
 * submits a concern and reads the concern's status — by document id only, the school audience
 * being held to its trusted documents.
 */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the example school app', () => {
  let stack: TestStack;
  let school: { index: number; id: string };
  beforeAll(async () => {
    const [built, started] = await Promise.all([
      run('npm', ['run', 'build', '--workspace', 'examples/school-app'], commandEnv({})),
      startTestStack({ children: 80, trustedDocuments: ['school'] }),
    ]);
    stack = started;
    if (built.status !== 0) throw new Error(`the example app did not build:\n${built.stdout}\n${built.stderr}`);
    // The seeded school with the most pupils in force among those with an agreement in force.
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ school_id: string }>(
        `SELECT e.school_id FROM partners.enrollment e
          WHERE e.end_date IS NULL
            AND EXISTS (SELECT 1 FROM partners.agreement a WHERE a.partner_id = e.school_id AND a.valid_from <= '2026-11-01' AND a.valid_until >= current_date)
          GROUP BY e.school_id ORDER BY count(*) DESC, e.school_id LIMIT 1`,
      );
      const id = rows[0]!.school_id;
      const index = Array.from({ length: 200 }, (_, i) => i).find((i) => partnerId('SCHOOL', i) === id);
      if (index === undefined) throw new Error(`school ${id} is not a seeded one`);
      school = { index, id };
    } finally {
      await db.end();
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const app = async () =>
    run(process.execPath, [path.join(REPO_ROOT, 'examples/school-app/dist/main.js')], {
      PATH: process.env.PATH,
      PASSERELLE_URL: stack.gateway.url,
      PASSERELLE_TOKEN: await stack.token({ audience: 'school', partnerId: school.id, sub: partnerMemberId('SCHOOL', school.index, 0) }),
      SCHOOL_ID: school.id,
    });

  it('cannot run before its documents are published; once published, lists its pupils, submits a concern and reads its status', async () => {
    const before = await app();
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/^PERSISTED_QUERY_NOT_FOUND: /);

    const published = await run(process.execPath, [path.join(REPO_ROOT, 'tools/dist/documents-publish.js'), 'examples/school-app/dist/school-app.json'], commandEnv({ DATABASE_URL: stack.databaseUrl }));
    expect(published).toMatchObject({ status: 0, stdout: 'trusted documents of ecole-app (audience school): 3 added, 0 already registered\n' });

    const ran = await app();
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const [pupils, concern, status] = ran.stdout.trim().split('\n');
    expect(Number(/^pupils (\d+)$/.exec(pupils!)?.[1])).toBeGreaterThan(0);
    const id = /^concern (\S+) RECEIVED$/.exec(concern!)?.[1];
    expect(id).toBeDefined();
    expect(status).toMatch(new RegExp(`^status ${id} RECEIVED \\w+$`));
    // The concern is the département's to act on now.
    const seen = await stack.query<{ concern: { id: string; status: string; sourcePartner: { id: string } } }>(`query ($id: ID!) { concern(id: $id) { id status sourcePartner { id } } }`, { id });
    expect(seen.data?.concern).toMatchObject({ id, status: 'RECEIVED', sourcePartner: { id: school.id } });
  });
});
