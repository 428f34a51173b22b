import type { Logger, QueryRunner } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements a DataSource sends. Tests read it to prove
 * that a query's statement count does not grow with the number of rows it returns.
 */
export class StatementCounter implements Logger {
  count = 0;
  readonly recent: string[] = [];

  constructor(private readonly echo: boolean = false) {}

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.count += 1;
    this.recent.push(query);
    if (this.recent.length > 200) this.recent.shift();
    if (this.echo) process.stderr.write(`[sql] ${query}\n`);
  }
  /** Failed statements reach their caller as errors (a unique index turned into CONFLICT…); echoed only with LOG_SQL=1. */
  logQueryError(error: string | Error, query: string): void {
    if (this.echo) process.stderr.write(`[sql error] ${String(error)} in ${query}\n`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }
}
