import type { DataSource } from 'typeorm';
import { createLog, startSubgraph, type RunningSubgraph } from '@passerelle/common';
import { casesSubgraph, seedCases } from '@passerelle/cases';
import { partnersSubgraph, seedPartners } from '@passerelle/partners';
import { createTestDatabase } from './support/database';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 13's migrations go down and up again over seeded data: the concern senders' kinds (cases,
 * partners) and the family agreements (cases).
 */
describe('concern-sender and family-agreement migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cases: RunningSubgraph;
  let partners: RunningSubgraph;
  const PLAN = { children: 120, today: '2026-11-01' };
  beforeAll(async () => {
    database = await createTestDatabase();
    // No dispatcher polling an outbox the test drops.
    const options = { databaseUrl: database.url, port: 0, host: '127.0.0.1', signingKey: 'a-signing-key-for-this-test-only-000000', log: createLog('test', 'error'), notify: { enabled: false } };
    cases = await startSubgraph(casesSubgraph as never, options);
    partners = await startSubgraph(partnersSubgraph as never, options);
    await Promise.all([cases.ready, partners.ready]);
    await seedCases(cases.db.dataSource, PLAN);
    await seedPartners(partners.db.dataSource, PLAN);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await cases?.stop();
    await partners?.stop();
    await database?.drop();
  });

  /** Undoes the newest migrations of `schema` down to and including `name`. */
  async function undoThrough(db: DataSource, schema: string, name: string): Promise<void> {
    const applied = async () => (await db.query(`SELECT name FROM ${schema}.migrations`)).map((r: { name: string }) => r.name);
    expect(await applied()).toContain(name);
    for (let i = 0; i < 20 && (await applied()).includes(name); i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await applied()).not.toContain(name);
  }

  it('cases: family agreements and the new source kinds revert (a town hall’s concern becomes PERSON) and come back', async () => {
    const db = cases.db.dataSource;
    const [{ n: agreements }] = await db.query(`SELECT count(*)::int AS n FROM cases.family_agreement`);
    expect(agreements).toBeGreaterThan(0);
    await db.query(`UPDATE cases.concern SET source_kind = 'TOWN_HALL' WHERE id = (SELECT id FROM cases.concern ORDER BY id LIMIT 1)`);
    const [{ n: concerns }] = await db.query(`SELECT count(*)::int AS n FROM cases.concern`);
    // The migrations after them go first (référents, the département's slice, the outbox…).
    await undoThrough(db, 'cases', 'FamilyAgreements1764921000000');
    expect(await db.query(`SELECT to_regclass('cases.family_agreement') AS t`)).toEqual([{ t: null }]);
    await undoThrough(db, 'cases', 'ConcernSenderKinds1764920000000');
    expect(await db.query(`SELECT count(*)::int AS n FROM cases.concern WHERE source_kind::text IN ('TOWN_HALL', 'PRIVATE_PRACTICE')`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM cases.concern`)).toEqual([{ n: concerns }]);
    await db.runMigrations({ transaction: 'each' });
    expect(await db.showMigrations()).toBe(false);
    expect(await db.query(`SELECT to_regclass('cases.family_agreement')::text AS t`)).toEqual([{ t: 'cases.family_agreement' }]);
  });

  it('partners: the town halls and practices go with their kinds, and the kinds come back', async () => {
    const db = partners.db.dataSource;
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM partners.partner`);
    const [{ n: added }] = await db.query(`SELECT count(*)::int AS n FROM partners.partner WHERE kind IN ('TOWN_HALL', 'PRIVATE_PRACTICE')`);
    expect(added).toBe(4);
    await undoThrough(db, 'partners', 'ConcernSenderKinds1764920000000');
    expect(await db.query(`SELECT count(*)::int AS n FROM partners.partner`)).toEqual([{ n: before - added }]);
    // The checks on the kind hold again: a school without a UAI is refused.
    await expect(db.query(`INSERT INTO partners.partner (kind, name, commune, commune_code) VALUES ('SCHOOL', 'Sans UAI', 'Nantes', '44109')`)).rejects.toThrow(/partner_uai_kind/);
    await db.runMigrations({ transaction: 'each' });
    expect(await db.showMigrations()).toBe(false);
    expect(await db.query(`SELECT enum_range(NULL::partners.partner_kind)::text AS r`)).toEqual([{ r: expect.stringContaining('TOWN_HALL,PRIVATE_PRACTICE') }]);
  });
});
