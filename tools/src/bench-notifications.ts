import {
  createLog,
  ensureNotifySchema,
  integerFlag,
  NotificationDispatcher,
  outboxTableSql,
  parseCommand,
  runMain,
  webhookEndpoints,
} from '@passerelle/common';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { openBenchServer } from './bench-server';

/**
 * `npm run bench:notifications -- [--notifications N]`: how fast the webhook dispatcher empties an
 * outbox of N pending notifications to a receiver on loopback (answering 204 at once), with one
 * replica and with two replicas claiming from the same outbox (FOR UPDATE SKIP LOCKED), and
 * whether any notification was delivered twice. Prints figures; asserts nothing. Runs on a
 * database of its own (`passerelle_bench_notifications`).
 */
const DB = 'passerelle_bench_notifications';
const PARTNER = '00000000-0000-4000-8000-00000000be7c';

runMain(async () => {
  const spec = { command: 'npm run bench:notifications', usage: '[--notifications N]', flags: { notifications: 'string' } } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const n = integerFlag(spec, 'notifications', flags.notifications, 2000, 1);
  const bench = await openBenchServer(createLog('bench', 'error'));
  const url = await bench.fresh(DB);
  const received = new Map<string, number>();
  const receiver = createServer((request, response) => {
    const id = String(request.headers['passerelle-webhook-id']);
    received.set(id, (received.get(id) ?? 0) + 1);
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const ds = new DataSource({ type: 'postgres', url: url.toString() });
  await ds.initialize();
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  try {
    await ensureNotifySchema(ds);
    await webhookEndpoints.set(ds, { partnerId: PARTNER, url: hook, secret: 'bench-secret-bench-secret-bench-secret', updatedBy: 'bench' });
    await ds.query('CREATE SCHEMA bench');
    for (const sql of outboxTableSql('bench')) await ds.query(sql);
    for (const replicas of [1, 2]) {
      received.clear();
      await ds.query('TRUNCATE bench.notification');
      await ds.query(
        `INSERT INTO bench.notification (dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, inbox_order, delivery_status, next_attempt_at)
         SELECT 'bench:' || i, 'MEASURE_ENDING', 'MEASURES', 'association', $1, 'Measure', gen_random_uuid(), i, 'PENDING', now() FROM generate_series(1, $2) AS i`,
        [PARTNER, n],
      );
      const dispatchers = Array.from(
        { length: replicas },
        () => new NotificationDispatcher({ databaseUrl: url.toString(), schema: 'bench', log: createLog('bench', 'error'), maxAttempts: 10, backoff: { baseMs: 1000, maxMs: 10_000 }, timeoutMs: 5000, pollMs: 20 }),
      );
      const t0 = process.hrtime.bigint();
      dispatchers.forEach((d) => d.start());
      for (;;) {
        const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench.notification WHERE delivery_status = 'PENDING'`);
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      await Promise.all(dispatchers.map((d) => d.stop()));
      const twice = [...received.values()].filter((c) => c > 1).length;
      process.stdout.write(
        `${replicas} replica(s): ${n} notifications delivered in ${ms.toFixed(0)} ms (${((n / ms) * 1000).toFixed(0)}/s); received ${received.size} distinct ids, ${twice} more than once\n`,
      );
    }
  } finally {
    await pool.end();
    await ds.destroy();
    await new Promise((resolve) => receiver.close(resolve));
    await bench.drop(DB);
    await bench.server.stop();
  }
});
