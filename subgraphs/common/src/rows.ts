import type { EntityMetadata, ObjectLiteral, QueryRunner, Repository, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';

/**
 * The one home of entity reads on the hot paths: the loaders behind every entity fetch and
 * nested page (loaders.ts, pagination.ts). TypeORM's query builder and its generic hydrator are
 * kept for what they do well — writing the SQL from the entities' metadata, once — but not run
 * per call: profiled under load at 100 000 children (issue 14), building the same statement
 * again for every batch (property names replaced by regular expressions over the whole text,
 * the select list escaped column by column) and hydrating rows through the generic transformer
 * (grouping by primary key, relation bookkeeping) cost the subgraphs more CPU than PostgreSQL
 * spent executing the statements.
 *
 * - `readEntities`: a statement is built by TypeORM once per *shape* (the caller's key: which
 *   list, which condition text, whether a cursor is given) and kept with its named parameters
 *   (`:name`, `:...names`); each call only binds its parameters (TypeORM's own escaping) and
 *   sends it.
 * - `readBuilt`: a statement the caller builds per call (a top-level list's own conditions),
 *   hydrated by the compiled mapper alone.
 *
 * The mapper is compiled per (entity, aliases, joined relations) from TypeORM's metadata and
 * does what TypeORM's transformer does for these statements: an instance of the entity
 * (`metadata.create`, as TypeORM), each column's value as pg parsed it where the driver's
 * conversion is the identity (uuid, text, integer, json) and through the driver's
 * `prepareHydratedValue` otherwise (dates, enums, booleans, transformers), a many-to-one relation
 * joined and selected set to its entity or null. Anything else — a one-to-many join (rows to
 * group), relation ids, inheritance, embedded columns, `@AfterLoad` listeners or subscribers, a
 * partial select — falls back to TypeORM's `getMany` for that statement, so a shape this file
 * does not know is read as before.
 */

type Mapper<T> = (raw: ObjectLiteral) => T;

/** Column types whose value PostgreSQL's driver (pg) already gives as the entity holds it. */
const AS_PARSED = new Set(['uuid', 'text', 'varchar', 'character varying', 'integer', 'int', 'int4', 'jsonb', 'json']);

interface Prepared<T extends ObjectLiteral> {
  /** The statement with its named parameters, as TypeORM's `getQuery()` wrote it. */
  sql: string;
  /** null: read through TypeORM's `getMany` (a shape the mapper does not cover). */
  map: Mapper<T> | null;
}

/** Shapes per entity, bounded: shapes come from code (condition texts), but a bound costs nothing. */
const MAX_SHAPES_PER_ENTITY = 512;
const prepared = new WeakMap<EntityMetadata, Map<string, Prepared<ObjectLiteral>>>();
const mappers = new WeakMap<EntityMetadata, Map<string, Mapper<ObjectLiteral> | null>>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_SHAPES_PER_ENTITY) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/**
 * The entities of a statement built once per `shape` by `build` (given a fresh query builder of
 * the repository, aliased `alias`), with `parameters` bound. Two calls with the same shape must
 * build the same SQL text: put in `shape` whatever the text depends on.
 */
export async function readEntities<T extends ObjectLiteral>(
  repository: Repository<T>,
  alias: string,
  shape: string,
  build: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>,
  parameters: ObjectLiteral,
): Promise<T[]> {
  const metadata = repository.metadata;
  let shapes = prepared.get(metadata);
  if (!shapes) prepared.set(metadata, (shapes = new Map()));
  const key = `${alias}|${shape}`;
  let statement = shapes.get(key) as Prepared<T> | undefined;
  if (!statement) {
    const builder = build(repository.createQueryBuilder(alias));
    statement = remember(shapes, key, { sql: builder.getQuery(), map: mapperOf(builder) } as Prepared<ObjectLiteral>) as Prepared<T>;
  }
  if (!statement.map) return build(repository.createQueryBuilder(alias)).setParameters(parameters).getMany();
  const [sql, values] = repository.manager.connection.driver.escapeQueryWithParameters(statement.sql, parameters);
  // The repository's manager: inside a transaction, its connection (as getMany would).
  const rows = (await repository.manager.query(sql, values)) as ObjectLiteral[];
  return rows.map(statement.map);
}

/** The entities of a statement the caller built for this call (hydrated by the compiled mapper when it covers the shape). */
export async function readBuilt<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  const map = mapperOf(qb);
  if (!map) return qb.getMany();
  const [sql, values] = qb.getQueryAndParameters();
  // A builder made inside a transaction reads on its connection, as getMany would.
  const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  const rows = (runner ? await runner.query(sql, values) : await qb.connection.manager.query(sql, values)) as ObjectLiteral[];
  return rows.map(map);
}

/** The compiled mapper for a query builder's shape, or null when TypeORM's transformer must do it. */
function mapperOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Mapper<T> | null {
  const map = qb.expressionMap;
  const main = map.mainAlias;
  if (!main?.hasMetadata) return null;
  const metadata = main.metadata;
  const joins = map.joinAttributes.filter((join) => join.isSelected);
  const signature = [main.name, ...joins.map((join) => `${join.alias.name}:${join.relation?.propertyPath ?? '?'}:${join.parentAlias ?? '?'}`)].join('|');
  let cache = mappers.get(metadata);
  if (!cache) mappers.set(metadata, (cache = new Map()));
  if (cache.has(signature)) return cache.get(signature) as Mapper<T> | null;
  return remember(cache, signature, compile(qb)) as Mapper<T> | null;
}

function compile<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Mapper<T> | null {
  const map = qb.expressionMap;
  const main = map.mainAlias!;
  const driver = qb.connection.driver;
  const subscribersListenLoads = qb.connection.subscribers.some((subscriber) => typeof subscriber.afterLoad === 'function');
  const plain = (metadata: EntityMetadata) =>
    metadata.afterLoadListeners.length === 0 && !metadata.discriminatorColumn && metadata.childEntityMetadatas.length === 0 && metadata.embeddeds.length === 0;
  // Whole entities only: a partial select (`select('w.id')`), relation ids, a one-to-many join,
  // a join onto a joined entity: TypeORM's transformer.
  const wholeEntity = (alias: string) => map.selects.some((select) => select.selection === alias);
  if (subscribersListenLoads || !plain(main.metadata) || !wholeEntity(main.name)) return null;
  if (map.relationIdAttributes.length > 0) return null;
  const joins = map.joinAttributes.filter((join) => join.isSelected);
  for (const join of joins) {
    if (!join.relation || join.isMany || join.mapToProperty || join.parentAlias !== main.name || !join.metadata) return null;
    if (!plain(join.metadata) || !wholeEntity(join.alias.name)) return null;
  }
  const columnsOf = (metadata: EntityMetadata, alias: string) =>
    metadata.columns
      .filter((column) => !column.isVirtual)
      .map((column) => ({
        key: DriverUtils.buildAlias(driver, undefined, alias, column.databaseName),
        property: column.propertyName,
        column,
        // The driver's conversion is the identity for these (pg has already parsed the value):
        // assigned as they come. Dates, enums, booleans, transformers… go through the driver.
        direct: !column.transformer && AS_PARSED.has(String(column.type)),
      }));
  const entity = (metadata: EntityMetadata, alias: string) => {
    const columns = columnsOf(metadata, alias);
    const primary = metadata.primaryColumns.map((column) => DriverUtils.buildAlias(driver, undefined, alias, column.databaseName));
    return (raw: ObjectLiteral): ObjectLiteral | null => {
      // A left join that found nothing: every column null, primary key included.
      if (primary.every((key) => raw[key] === null || raw[key] === undefined)) return null;
      const target = metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
      for (const { key, property, column, direct } of columns) {
        const value = raw[key];
        if (value === undefined) continue;
        if (direct) target[property] = value;
        else column.setEntityValue(target, driver.prepareHydratedValue(value, column));
      }
      return target;
    };
  };
  const root = entity(main.metadata, main.name);
  const related = joins.map((join) => ({ relation: join.relation!, read: entity(join.metadata!, join.alias.name) }));
  return (raw) => {
    const target = root(raw)!;
    for (const { relation, read } of related) relation.setEntityValue(target, read(raw));
    return target as T;
  };
}
