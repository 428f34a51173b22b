/**
 * The SQL of the triggers that keep the caches honest (see invalidation.ts). Each subgraph's
 * migration creates `<schema>.notify_change()` once and one trigger per (table, channel) whose
 * rows define a cached answer. A trigger's arguments are the channel, then payload templates:
 * `school:{school_id}` sends `school:<the row's school_id>` for the old row and the new one
 * (nothing when the column is null: such a row puts no child in any slice), `prosecutor:*` sends
 * itself. TRUNCATE (statement level) sends every template with `*` for its column.
 *
 * pg_notify is transactional: sent at commit, dropped at rollback, identical payloads sent once
 * per transaction (a bulk import of 10 000 enrolments of one school notifies once).
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
      rec jsonb;
      recs jsonb[];
    BEGIN
      IF TG_LEVEL = 'STATEMENT' THEN
        FOREACH spec IN ARRAY TG_ARGV[1:] LOOP
          PERFORM pg_notify(TG_ARGV[0], regexp_replace(spec, '\\{[a-z_]+\\}', '*'));
        END LOOP;
        RETURN NULL;
      END IF;
      recs := CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)]
        WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)]
        ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END;
      FOREACH spec IN ARRAY TG_ARGV[1:] LOOP
        col := substring(spec from '\\{([a-z_]+)\\}');
        FOREACH rec IN ARRAY recs LOOP
          IF col IS NULL THEN
            PERFORM pg_notify(TG_ARGV[0], spec);
          ELSIF rec ->> col IS NOT NULL THEN
            PERFORM pg_notify(TG_ARGV[0], replace(spec, '{' || col || '}', rec ->> col));
          END IF;
        END LOOP;
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

/** CREATE TRIGGER statements for one table: a row trigger, and a statement trigger for TRUNCATE. */
export function notifyTriggerSql(schema: string, trigger: NotifyTrigger): string[] {
  const name = notifyTriggerName(trigger.table, trigger.channel);
  const args = [trigger.channel, ...trigger.payloads].map(quote).join(', ');
  return [
    `CREATE TRIGGER ${name} AFTER INSERT OR UPDATE OR DELETE ON ${schema}.${trigger.table}
       FOR EACH ROW EXECUTE FUNCTION ${schema}.notify_change(${args})`,
    `CREATE TRIGGER ${name}_truncate AFTER TRUNCATE ON ${schema}.${trigger.table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_change(${args})`,
  ];
}

export function dropNotifyTriggerSql(schema: string, trigger: NotifyTrigger): string[] {
  const name = notifyTriggerName(trigger.table, trigger.channel);
  return [`DROP TRIGGER ${name}_truncate ON ${schema}.${trigger.table}`, `DROP TRIGGER ${name} ON ${schema}.${trigger.table}`];
}
