import { Column, DataSource, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, SelectQueryBuilder } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { CursorCodec, setCursorCodec } from '../subgraphs/common/src/cursor';
import { currentByParentLoader } from '../subgraphs/common/src/loaders';
import { paginateByParent, type Page } from '../subgraphs/common/src/pagination';
import { readBuilt, readEntities } from '../subgraphs/common/src/rows';
import { StatementCounter } from '../subgraphs/common/src/statements';
import { createTestDatabase } from './support/database';

/**
 * The hot-path reads (subgraphs/common/src/rows.ts) against TypeORM's own `getMany`, on real
 * PostgreSQL: the same entities (class, every property, value types, transformers, a joined
 * many-to-one found or not), one statement per call, the statement built once per shape, and
 * TypeORM's transformer for the shapes the compiled mapper does not cover.
 */

const upper = { to: (value: string | null) => value, from: (value: string | null) => (value === null ? null : value.toUpperCase()) };

@Entity({ schema: 'rows_test', name: 'home' })
class Home {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('int', { nullable: true }) capacity!: number | null;
  @OneToMany(() => Stay, (stay) => stay.home) stays?: Stay[];
}

@Entity({ schema: 'rows_test', name: 'stay' })
class Stay {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'child_id' }) childId!: string;
  @Column('uuid', { name: 'home_id', nullable: true }) homeId!: string | null;
  @ManyToOne(() => Home, (home) => home.stays, { nullable: true }) @JoinColumn({ name: 'home_id' }) home?: Home | null;
  @Column('date', { name: 'start_date' }) startDate!: string;
  @Column('date', { name: 'end_date', nullable: true }) endDate!: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('boolean') active!: boolean;
  @Column('jsonb', { nullable: true }) details!: Record<string, unknown> | null;
  @Column('text', { array: true, default: () => `'{}'` }) tags!: string[];
  @Column('varchar', { transformer: upper }) kind!: string;
  /** Not a column: a default the class sets, which TypeORM's `create` runs too. */
  origin = 'database';
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A database of its own with the two tables and the two homes, its statements counted by `statements`. */
async function homesDatabase(statements: StatementCounter): Promise<{ database: Awaited<ReturnType<typeof createTestDatabase>>; ds: DataSource }> {
  const database = await createTestDatabase();
  const setup = new DataSource({ type: 'postgres', url: database.url });
  await setup.initialize();
  await setup.query('CREATE SCHEMA rows_test');
  await setup.destroy();
  const ds = new DataSource({ type: 'postgres', url: database.url, entities: [Home, Stay], synchronize: true, logging: true, logger: statements });
  await ds.initialize();
  await ds.getRepository(Home).insert([
    { id: uuid(1), name: 'Les Tilleuls', capacity: 12 },
    { id: uuid(2), name: 'Le Phare', capacity: null },
  ]);
  return { database, ds };
}

describe('hot-path entity reads (rows.ts) match TypeORM’s getMany', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const statements = new StatementCounter();

  beforeAll(async () => {
    ({ database, ds } = await homesDatabase(statements));
    await ds.getRepository(Stay).insert([
      { id: uuid(11), childId: uuid(100), homeId: uuid(1), startDate: '2025-01-31', endDate: null, recordedAt: new Date('2025-02-01T08:30:00.123Z'), active: true, details: { reason: 'OPP', nested: [1, 2] }, tags: ['urgent', 'fratrie'], kind: 'foyer' },
      { id: uuid(12), childId: uuid(100), homeId: null, startDate: '2024-06-01', endDate: '2024-12-31', recordedAt: new Date('2024-06-01T00:00:00Z'), active: false, details: null, tags: [], kind: 'famille' },
      { id: uuid(13), childId: uuid(101), homeId: uuid(2), startDate: '2023-03-15', endDate: '2023-04-01', recordedAt: new Date('2023-03-15T12:00:00Z'), active: false, details: {}, tags: ['a,b', 'quote"d'], kind: 'lieu de vie' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  const byChild = (qb: SelectQueryBuilder<Stay>) =>
    qb.leftJoinAndSelect('s.home', 'joined').where('s.childId IN (:...children)').orderBy('s.startDate', 'DESC').addOrderBy('s.id', 'DESC');

  it('reads the same entities as getMany: class, values, a joined many-to-one found or null', async () => {
    const repository = ds.getRepository(Stay);
    const parameters = { children: [uuid(100), uuid(101)] };
    const expected = await byChild(repository.createQueryBuilder('s')).setParameters(parameters).getMany();
    const read = await readEntities(repository, 's', 'byChild', byChild, parameters);
    expect(read).toEqual(expected);
    expect(read.map((stay) => Object.getPrototypeOf(stay))).toEqual(expected.map(() => Stay.prototype));
    expect(read[0]!.home).toBeInstanceOf(Home);
    // What the mapper must do as TypeORM does, spelled out: dates as days, instants as Dates,
    // a transformer applied, a relation found nothing → null, class defaults set.
    expect(read.map((stay) => [stay.startDate, stay.endDate, stay.kind, stay.home?.name ?? stay.home, stay.origin])).toEqual([
      ['2025-01-31', null, 'FOYER', 'Les Tilleuls', 'database'],
      ['2024-06-01', '2024-12-31', 'FAMILLE', null, 'database'],
      ['2023-03-15', '2023-04-01', 'LIEU DE VIE', 'Le Phare', 'database'],
    ]);
    expect(read[0]!.recordedAt).toEqual(new Date('2025-02-01T08:30:00.123Z'));
    expect(read[2]!.tags).toEqual(['a,b', 'quote"d']);
    expect(read[0]!.details).toEqual({ reason: 'OPP', nested: [1, 2] });
  });

  it('builds a shape once, then only binds its parameters: one statement per call', async () => {
    const repository = ds.getRepository(Stay);
    const build = jest.fn((qb: SelectQueryBuilder<Stay>) => qb.where('s.id IN (:...ids)').andWhere('s.active = :active'));
    const getQuery = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    try {
      statements.reset();
      const first = await readEntities(repository, 's', 'byIds-active', build, { ids: [uuid(11), uuid(12)], active: true });
      const second = await readEntities(repository, 's', 'byIds-active', build, { ids: [uuid(11), uuid(12), uuid(13)], active: false });
      expect(first.map((stay) => stay.id)).toEqual([uuid(11)]);
      expect(second.map((stay) => stay.id).sort()).toEqual([uuid(12), uuid(13)]);
      expect(build).toHaveBeenCalledTimes(1);
      expect(getQuery).toHaveBeenCalledTimes(1);
      expect(statements.count).toBe(2);
    } finally {
      getQuery.mockRestore();
    }
  });

  it('a statement built per call is hydrated the same way (readBuilt)', async () => {
    const qb = () => byChild(ds.getRepository(Stay).createQueryBuilder('s')).setParameters({ children: [uuid(100)] });
    expect(await readBuilt(qb())).toEqual(await qb().getMany());
  });

  it('inside a transaction, reads on its connection: a row written there and not yet committed is read there only', async () => {
    const parameters = { children: [uuid(102)] };
    try {
      await ds.transaction(async (manager) => {
        const stays = manager.getRepository(Stay);
        await stays.insert({ id: uuid(14), childId: uuid(102), homeId: null, startDate: '2026-01-05', endDate: null, recordedAt: new Date('2026-01-05T09:00:00Z'), active: true, details: null, tags: [], kind: 'foyer' });
        expect((await readEntities(stays, 's', 'byChild', byChild, parameters)).map((stay) => stay.id)).toEqual([uuid(14)]);
        expect((await readBuilt(byChild(stays.createQueryBuilder('s')).setParameters(parameters))).map((stay) => stay.id)).toEqual([uuid(14)]);
        // Outside the transaction, not yet.
        expect(await readEntities(ds.getRepository(Stay), 's', 'byChild', byChild, parameters)).toEqual([]);
      });
    } finally {
      await ds.getRepository(Stay).delete({ id: uuid(14) });
    }
  });

  it('leaves to TypeORM the shapes its mapper does not cover: a one-to-many join, a partial select', async () => {
    const homes = ds.getRepository(Home);
    const withStays = (qb: SelectQueryBuilder<Home>) => qb.leftJoinAndSelect('h.stays', 'stays').orderBy('h.name').addOrderBy('stays.id');
    const expected = await withStays(homes.createQueryBuilder('h')).getMany();
    const read = await readEntities(homes, 'h', 'withStays', withStays, {});
    expect(read).toEqual(expected);
    expect(read.find((home) => home.id === uuid(1))!.stays!.map((stay) => stay.id)).toEqual([uuid(11)]);
    const partial = (qb: SelectQueryBuilder<Home>) => qb.select(['h.id', 'h.name']).orderBy('h.name');
    expect(await readEntities(homes, 'h', 'partial', partial, {})).toEqual(await partial(homes.createQueryBuilder('h')).getMany());
  });
});

/** A stay as inserted (no relation, no JSON: what TypeORM's insert types accept as they are). */
type StayRow = Omit<Partial<Stay>, 'home' | 'details'>;

describe('nested pages (paginateByParent) match a plain reading of each parent’s list', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const statements = new StatementCounter();
  const kinds = ['foyer', 'famille', 'lieu de vie'];
  // Six children with 0 to 9 stays each, several on the same day (the id breaks the tie).
  const stays: StayRow[] = [];
  for (let child = 0; child < 6; child++) {
    for (let i = 0; i < child * 2 - (child > 3 ? 3 : 0); i++) {
      stays.push({
        id: uuid(1000 + child * 100 + ((i * 7) % 13)),
        childId: uuid(200 + child),
        homeId: i % 3 === 0 ? null : uuid(1 + (i % 2)),
        startDate: `2024-0${1 + (i % 4)}-1${i % 3}`,
        endDate: null,
        recordedAt: new Date('2024-01-01T00:00:00Z'),
        active: i % 2 === 0,
        tags: [],
        kind: kinds[i % 3]!,
      });
    }
  }

  beforeAll(async () => {
    ({ database, ds } = await homesDatabase(statements));
    setCursorCodec(ds, new CursorCodec(randomBytes(32)));
    await ds.getRepository(Stay).insert(stays);
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  /** Each parent's rows meeting `keep`, newest first (id breaking ties), as the page should hold them. */
  const expected = (parent: string, keep: (s: StayRow) => boolean) =>
    stays
      .filter((s) => s.childId === parent && keep(s))
      .sort((a, b) => (a.startDate! === b.startDate! ? (a.id! < b.id! ? 1 : -1) : a.startDate! < b.startDate! ? 1 : -1))
      .map((s) => s.id);

  it('the first page of every parent, asked once or twice, known or not, in one statement, with a joined many-to-one', async () => {
    const parents = [uuid(205), uuid(200), uuid(203), uuid(205), uuid(999), uuid(204)];
    statements.reset();
    const pages = await paginateByParent(ds.getRepository(Stay), 'childId', parents, { first: 3 }, { property: 'startDate', direction: 'DESC' }, { join: 'home' });
    expect(statements.count).toBe(1);
    for (const parent of new Set(parents)) {
      const page = pages.get(parent)!;
      const all = expected(parent, () => true);
      expect(page.nodes.map((s) => s.id)).toEqual(all.slice(0, 3));
      expect(page.pageInfo.hasNextPage).toBe(all.length > 3);
      for (const node of page.nodes) {
        expect(node).toBeInstanceOf(Stay);
        expect(node.home?.id ?? null).toBe(node.homeId);
      }
    }
  });

  it('a condition inside each page, and the pages after a cursor, to the end of the list', async () => {
    const repo = ds.getRepository(Stay);
    const condition = { sql: 'w.kind <> :__skip', params: { __skip: 'FAMILLE'.toLowerCase() } };
    const keep = (s: StayRow) => s.kind !== 'famille';
    for (const parent of [uuid(203), uuid(205)]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let turn = 0; turn < 10; turn++) {
        const pages: Map<string, Page<Stay>> = await paginateByParent(repo, 'childId', [parent], { first: 2, after }, { property: 'startDate', direction: 'DESC' }, { condition });
        const page = pages.get(parent)!;
        seen.push(...page.nodes.map((s) => s.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected(parent, keep));
      expect(seen.length).toBeGreaterThan(2);
    }
  });

  it('oldest first as well', async () => {
    const pages = await paginateByParent(ds.getRepository(Stay), 'childId', [uuid(204)], { first: 4 }, { property: 'startDate', direction: 'ASC' });
    expect(pages.get(uuid(204))!.nodes.map((s) => s.id)).toEqual(expected(uuid(204), () => true).reverse().slice(0, 4));
  });

  it("each parent's row in force on a day (currentByParentLoader): the latest started whose period covers it, in one statement per day", async () => {
    // Give every second stay an end, so that some periods are over on the day asked.
    const repo = ds.getRepository(Stay);
    for (const [i, stay] of stays.entries()) if (i % 2 === 1) await repo.update(stay.id!, { endDate: '2024-03-01' });
    const ends = new Map(stays.map((stay, i) => [stay.id!, i % 2 === 1 ? '2024-03-01' : null]));
    const current = (parent: string, on: string) =>
      stays
        .filter((s) => s.childId === parent && s.startDate! <= on && (ends.get(s.id!) === null || ends.get(s.id!)! >= on))
        .sort((a, b) => (a.startDate! === b.startDate! ? (a.id! < b.id! ? 1 : -1) : a.startDate! < b.startDate! ? 1 : -1))[0]?.id ?? null;
    const loader = currentByParentLoader(repo, 'child_id', 'home');
    const keys = [uuid(203), uuid(205), uuid(999), uuid(200)].flatMap((parent) => ['2024-02-12', '2024-04-30'].map((on) => `${parent}|${on}`));
    statements.reset();
    const found = await loader.loadMany([...keys, keys[0]!]);
    expect(statements.count).toBe(2);
    keys.forEach((key, i) => {
      const [parent, on] = key.split('|') as [string, string];
      const row = found[i] as Stay | null;
      expect(row?.id ?? null).toBe(current(parent, on));
      if (row) expect(row.home?.id ?? null).toBe(row.homeId);
    });
    expect(keys.some((key) => current(...(key.split('|') as [string, string])) !== null)).toBe(true);
  });
});
