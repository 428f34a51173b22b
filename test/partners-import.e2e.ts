import { partnerId } from '@passerelle/common';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runImport } from '../subgraphs/partners/src/import/cli';
import { withLuhnKey } from '../subgraphs/partners/src/partner/codes';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const SAMPLE = path.join(__dirname, '../subgraphs/partners/samples/partners-44.csv');
const HEADER = 'kind,name,uai,siret,finess,address,postal_code,commune,commune_code,phone,email,closed_on';

describe('importing partner lists from CSV (npm run import:partners -- FILE)', () => {
  let stack: TestStack;
  let dir: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 30 });
    dir = await mkdtemp(path.join(tmpdir(), 'partners-import-'));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(file: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImport([file], { DATABASE_URL: stack.databaseUrl }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }
  async function file(name: string, content: string | Buffer) {
    const full = path.join(dir, name);
    await writeFile(full, content);
    return full;
  }
  const imported = async () =>
    (
      await stack.query<any>(
        `{ partners(first: 100) { nodes { kind name code uai siret finess address postalCode commune phone email active closedOn version } } }`,
      )
    ).data.partners.nodes.filter((p: any) => /^(0442|8123|4409)/.test(p.code ?? ''));

  it('imports the sample (UTF-8 with BOM, `;`, quoted fields), then finds nothing to change the second time', async () => {
    const first = await run(SAMPLE);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([`${SAMPLE}: 8 row(s): 8 created, 0 updated, 0 unchanged`]);
    const rows = await imported();
    expect(rows).toHaveLength(8);
    const byCode = new Map(rows.map((p: any) => [p.code, p]));
    expect(byCode.get('0442002M')).toMatchObject({ kind: 'SCHOOL', name: 'Collège "Les Sables d\'Or"', commune: 'La Baule-Escoublac' });
    expect(byCode.get('81234513000015')).toMatchObject({
      kind: 'ASSOCIATION',
      name: 'Accueil & Avenir; service AEMO',
      address: '8 bis, quai de la Fosse',
      finess: '440900025',
    });
    expect(byCode.get('0442004P')).toMatchObject({ active: false, closedOn: '2025-07-04' });
    expect(byCode.get('440900017')).toMatchObject({ kind: 'PMI', email: 'pmi.guerande@loire-atlantique.example.fr' });

    const second = await run(SAMPLE);
    expect(second.code).toBe(0);
    expect(second.out).toEqual([`${SAMPLE}: 8 row(s): 0 created, 0 updated, 8 unchanged`]);
    expect(await imported()).toEqual(rows);
  });

  it('updates only what changed, matching on the natural code, from a `,` file without BOM', async () => {
    const sample = (await readFile(SAMPLE, 'utf8')).replace(/^\uFEFF/, '');
    const changed = sample.replace('École maternelle Les Coquelicots', 'École maternelle Les Coquelicots et les Bleuets');
    const before = await imported();
    // Same content with `,` separators: quote every field so the commas inside stay data.
    const lines = changed
      .trim()
      .split('\n')
      .map((line) => parseSemicolons(line).map((v) => `"${v.replace(/"/g, '""')}"`).join(','));
    const result = await run(await file('comma.csv', `${lines.join('\r\n')}\r\n`));
    expect(result.err).toEqual([]);
    expect(result.out[0]).toMatch(/8 row\(s\): 0 created, 1 updated, 7 unchanged$/);
    const after = await imported();
    const diff = after.filter((p: any) => {
      const old = before.find((b: any) => b.code === p.code);
      return JSON.stringify(old) !== JSON.stringify(p);
    });
    expect(diff).toEqual([expect.objectContaining({ code: '0442003N', name: 'École maternelle Les Coquelicots et les Bleuets', version: 2 })]);
  });

  it('rejects a file with bad rows: nothing is imported, every bad row is reported with its line and reason', async () => {
    const content = [
      HEADER,
      'SCHOOL,École Neuve,0442010W,,,,44000,Nantes,44109,,,', // line 2: a good row, not imported either
      'SCHOOL,École Faute,0442011A,,,,44000,Nantes,44109,,,', // 3: wrong check letter
      'ASSOCIATION,Sans Siret,,,,,44000,Nantes,44109,,,', // 4: no SIRET
      'GARAGE,Garage,,,,,44000,Nantes,44109,,,', // 5: unknown kind
      'SCHOOL,Trop court,0442012Y,,,44000,Nantes,44109,,,', // 6: a field missing
      '"PMI","Centre ""multi-ligne""",,,"440900041","1 rue',
      'du Port",44000,Nantes,44109,,,', // 7-8: a good row spread over two lines
      'SCHOOL,École Doublon,0442010W,,,,44000,Nantes,44109,,,', // 9: same UAI as line 2
      'PMI,Centre Daté,,,440900058,,44000,Nantes,44109,,pas-un-email,31/02/2026', // 10: bad email and date
      '',
      'SCHOOL,École Code,0442013Z,,,,4400,Nantes,4410,,,', // 12: postal and INSEE codes
    ].join('\n');
    const result = await run(await file('bad.csv', content));
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    const byLine = Object.fromEntries(result.err.slice(0, -1).map((l) => [Number(/:(\d+): /.exec(l)![1]), l]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 9, 10, 12]);
    expect(byLine[3]).toMatch(/uai: UAI "0442011A" is not valid/);
    expect(byLine[4]).toMatch(/siret: an association needs its SIRET/);
    expect(byLine[5]).toMatch(/kind: "GARAGE" is not a kind/);
    expect(byLine[6]).toMatch(/expected 12 fields like the header, got 11/);
    expect(byLine[9]).toMatch(/UAI 0442010W is already on line 2/);
    expect(byLine[10]).toMatch(/email: .*not an email/);
    expect(byLine[10]).toMatch(/closed_on: "31\/02\/2026" is not a date/);
    expect(byLine[12]).toMatch(/postalCode/);
    expect(byLine[12]).toMatch(/communeCode/);
    expect(result.err.at(-1)).toBe('7 of 9 row(s) rejected: nothing imported');
    const codes = (await imported()).map((p: any) => p.code);
    expect(codes).not.toContain('0442010W');
    expect(codes).not.toContain('440900041');
  });

  it('rejects rows whose codes belong to another institution in the registry, writing nothing', async () => {
    const seededHospital = (await stack.query<any>(`{ partner(id: "${partnerId('HOSPITAL', 0)}") { finess } }`)).data.partner.finess;
    const content = [
      HEADER,
      'SCHOOL,École Légitime,0442020G,,,,44000,Nantes,44109,,,',
      `PMI,Centre usurpateur,,,${seededHospital},,44000,Nantes,44109,,,`, // 3: the FINESS is a hospital's
      'PMI,Centre au SIRET pris,,81234513000015,440900066,,44000,Nantes,44109,,,', // 4: SIRET of an imported association
    ].join('\n');
    const result = await run(await file('conflicts.csv', content));
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(new RegExp(`:3: finess: ${seededHospital} belongs to ".*", a HOSPITAL, not a PMI`));
    expect(result.err[1]).toMatch(/:4: siret: 81234513000015 already belongs to "Accueil & Avenir; service AEMO"/);
    expect((await imported()).map((p: any) => p.code)).not.toContain('0442020G');
  });

  it('takes institutions FINESS does not register (courts, parquets, police, the CRIP, the 119, town halls) by their SIRET, and still requires the FINESS of a hospital', async () => {
    // SIRENs of the 17xxx series, then an establishment number and the SIRET's key.
    const siret = (n: number) => withLuhnKey(`${withLuhnKey(String(17_440_000 + n))}0001`);
    const KINDS = ['COURT', 'PROSECUTOR', 'POLICE', 'CRIP', 'SNATED', 'TOWN_HALL', 'PRIVATE_PRACTICE'];
    const rows = KINDS.map((kind, i) => `${kind},Institution sans FINESS ${i},,${siret(i)},,,44000,Nantes,44109,,,`);
    const good = await file('no-finess.csv', [HEADER, ...rows].join('\n'));
    const first = await run(good);
    expect(first.err).toEqual([]);
    expect(first.out).toEqual([`${good}: 7 row(s): 7 created, 0 updated, 0 unchanged`]);
    const byCode = async (code: string) => (await stack.query<any>(`query ($code: String!) { partners(first: 2, code: $code) { nodes { kind code siret finess } } }`, { code })).data.partners.nodes;
    for (const [i, kind] of KINDS.entries()) expect(await byCode(siret(i))).toEqual([{ kind, code: siret(i), siret: siret(i), finess: null }]);
    // Matched on the SIRET: the same file again changes nothing.
    expect((await run(good)).out).toEqual([`${good}: 7 row(s): 0 created, 0 updated, 7 unchanged`]);

    const wrongKey = `${siret(20).slice(0, 13)}${(Number(siret(20)[13]) + 1) % 10}`;
    const bad = await file('no-finess-bad.csv', [
      HEADER,
      `COURT,Tribunal sans code,,,,,44000,Nantes,44109,,,`, // 2: no SIRET
      `POLICE,Commissariat à la clé fausse,,${wrongKey},,,44000,Nantes,44109,,,`, // 3: SIRET's key wrong
      `HOSPITAL,Hôpital sans FINESS,,${siret(21)},,,44000,Nantes,44109,,,`, // 4: a hospital needs its FINESS
      `CRIP,CRIP au FINESS,,,440900041,,44000,Nantes,44109,,,`, // 5: a FINESS does not stand for a CRIP's SIRET
    ].join('\n'));
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toEqual([]);
    expect(refused.err[0]).toMatch(/:2: siret: a COURT is imported by its SIRET, which is missing$/);
    expect(refused.err[1]).toMatch(new RegExp(`:3: siret: SIRET "${wrongKey}" is not valid`));
    expect(refused.err[2]).toMatch(/:4: finess: a HOSPITAL is imported by its FINESS, which is missing$/);
    expect(refused.err[3]).toMatch(/:5: siret: a CRIP is imported by its SIRET, which is missing$/);
    expect(refused.err.at(-1)).toBe('4 of 4 row(s) rejected: nothing imported');
  });

  it('refuses a file that is not UTF-8, or whose header it cannot read, at line 1', async () => {
    const latin1 = Buffer.from(`${HEADER}\nSCHOOL,École,0442001L,,,,44000,Nantes,44109,,,\n`, 'latin1');
    const notUtf8 = await run(await file('latin1.csv', latin1));
    expect(notUtf8.code).toBe(1);
    expect(notUtf8.err[0]).toMatch(/:1: the file is not UTF-8/);
    const header = await run(await file('header.csv', 'kind;nom;uai;ville;code_insee;shoe_size\n'));
    expect(header.code).toBe(1);
    expect(header.err[0]).toMatch(/:1: header: unknown column "ville"|:1: header: unknown column "shoe_size"/);
    expect(header.err[0]).toContain('shoe_size');
    const missing = await run(path.join(dir, 'missing.csv'));
    expect(missing.code).toBe(2);
  });
});

/** A `;` line of the sample back to values (quotes handled), to rewrite it with `,`. */
function parseSemicolons(line: string): string[] {
  const values: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        value += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else value += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      values.push(value);
      value = '';
    } else value += ch;
  }
  values.push(value);
  return values;
}
