import { createLog, startSubgraph, type RunningSubgraph } from '@passerelle/common';
import { placementsSubgraph, seedPlacements } from '@passerelle/placements';
import { createTestDatabase } from './support/database';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/** The issue-4 migration goes down and up again over data without losing a placement. */
describe('placements migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    database = await createTestDatabase();
    subgraph = await startSubgraph(placementsSubgraph as never, {
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
      signingKey: 'a-signing-key-for-this-test-only-000000',
      log: createLog('test', 'error'),
      // No dispatcher polling an outbox the test drops.
      notify: { enabled: false },
    });
    await subgraph.ready;
    await seedPlacements(subgraph.db.dataSource, { children: 80, today: '2026-11-01' });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await subgraph?.stop();
    await database?.drop();
  });

  it('reverts to the foundation schema and migrates forward again, keeping the placements', async () => {
    const db = subgraph.db.dataSource;
    const count = async () => (await db.query(`SELECT count(*)::int AS n, count(end_date)::int AS ended FROM placements.placement`))[0];
    const before = await count();
    expect(before.n).toBeGreaterThan(10);
    // The inbox's order index (issue 14) gives way to the audience-wide partial index it replaced.
    const inboxIndexes = async () => (await db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'placements' AND tablename = 'notification' AND indexname LIKE 'notification_audience%'`)).map((r: { indexname: string }) => r.indexname);
    expect(await inboxIndexes()).toEqual(['notification_audience_order_idx']);
    await db.undoLastMigration({ transaction: 'each' });
    expect(await inboxIndexes()).toEqual(['notification_audience_inbox_idx']);
    await db.undoLastMigration({ transaction: 'each' }); // the retention indexes (issue 15)
    await db.undoLastMigration({ transaction: 'each' }); // the archive marks (issue 15)
    expect(await db.query(`SELECT to_regclass('placements.archived_child') AS t`)).toEqual([{ t: null }]);
    await db.undoLastMigration({ transaction: 'each' }); // the notification outbox (issue 13)
    expect(await db.query(`SELECT to_regclass('placements.notification') AS t`)).toEqual([{ t: null }]);
    await db.undoLastMigration({ transaction: 'each' }); // the visits' week index (VisitWeek)
    await db.undoLastMigration({ transaction: 'each' }); // the cache-invalidation triggers
    expect(await db.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%_notifies_%' AND NOT tgisinternal`)).toEqual([{ n: 0 }]);
    await db.undoLastMigration({ transaction: 'each' });
    expect(await db.query(`SELECT to_regclass('placements.visit') AS t`)).toEqual([{ t: null }]);
    await db.runMigrations({ transaction: 'each' });
    expect(await count()).toEqual(before);
    // Placements that ended before end reasons existed get OTHER.
    expect(await db.query(`SELECT DISTINCT end_reason::text AS r FROM placements.placement WHERE end_date IS NOT NULL`)).toEqual([{ r: 'OTHER' }]);
    expect(await db.showMigrations()).toBe(false);
  });
});
