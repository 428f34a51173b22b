/**
 * The SQL of the triggers that keep the caches honest (see invalidation.ts). Each subgraph's
 * migration creates `<schema>.notify_change()` once and, per (table, channel) whose rows define a
 * cached answer, statement-level triggers with transition tables: one statement (a bulk import of
 * 100 000 enrolments, a seed) costs one `SELECT DISTINCT` and one notification per institution,
 * not a function call per row (row triggers made a 200 000-row insert 3.5 times slower).
 *
 * A trigger's arguments are the channel, then payload templates: `school:{school_id}` sends
 * `school:<school_id>` for every distinct school_id among the old and new rows (none for null:
 * such a row puts no child in any slice); `prosecutor:*` sends itself when any row changed.
 * TRUNCATE sends every template with `*` for its column.
 *
 * pg_notify is transactional: sent at commit, dropped at rollback, identical payloads sent once
 * per transaction.
 *
 * A migration calls these with literal arguments and must keep emitting the same SQL: change
 * what a later migration creates, never what an applied one did.
 */
export function notifyFunctionSql(schema: string): string {
  return `
    CREATE OR REPLACE FUNCTION ${schema}.notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      spec text;
      col text;
      rows_sql text;
      val text;
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        FOREACH spec IN ARRAY TG_ARGV[1:] LOOP
          PERFORM pg_notify(TG_ARGV[0], regexp_replace(spec, '\{[a-z_]+\}', '*'));
        END LOOP;
        RETURN NULL;
      END IF;
      rows_sql := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM changed_new'
        WHEN 'DELETE' THEN 'SELECT * FROM changed_old'
        ELSE 'SELECT * FROM changed_old UNION ALL SELECT * FROM changed_new' END;
      FOREACH spec IN ARRAY TG_ARGV[1:] LOOP
        col := substring(spec from '\{([a-z_]+)\}');
        IF col IS NULL THEN
          FOR val IN EXECUTE 'SELECT 1 FROM (' || rows_sql || ') r LIMIT 1' LOOP
            PERFORM pg_notify(TG_ARGV[0], spec);
          END LOOP;
        ELSE
          FOR val IN EXECUTE format('SELECT DISTINCT r.%I::text FROM (%s) r WHERE r.%I IS NOT NULL', col, rows_sql, col) LOOP
            PERFORM pg_notify(TG_ARGV[0], replace(spec, '{' || col || '}', val));
          END LOOP;
        END IF;
      END LOOP;
      RETURN NULL;
    END
    $fn$`;
}

export interface NotifyTrigger {
  table: string;
  channel: string;
  /** Payload templates, see above. */
  payloads: readonly string[];
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const notifyTriggerName = (table: string, channel: string) => `${table}_notifies_${channel}`;

/** CREATE TRIGGER statements for one table: one per event, each for the whole statement. */
export function notifyTriggerSql(schema: string, trigger: NotifyTrigger): string[] {
  const name = notifyTriggerName(trigger.table, trigger.channel);
  const args = [trigger.channel, ...trigger.payloads].map(quote).join(', ');
  const on = `${schema}.${trigger.table}`;
  const run = `FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_change(${args})`;
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${on} REFERENCING NEW TABLE AS changed_new ${run}`,
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${on} REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new ${run}`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${on} REFERENCING OLD TABLE AS changed_old ${run}`,
    `CREATE TRIGGER ${name}_truncate AFTER TRUNCATE ON ${on} ${run}`,
  ];
}

export function dropNotifyTriggerSql(schema: string, trigger: NotifyTrigger): string[] {
  const name = notifyTriggerName(trigger.table, trigger.channel);
  return ['insert', 'update', 'delete', 'truncate'].map((event) => `DROP TRIGGER ${name}_${event} ON ${schema}.${trigger.table}`);
}
