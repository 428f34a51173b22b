import { partnerId, UsageError } from '@passerelle/common';
import { checkManifest, documentId, publishDocuments, type DocumentManifest } from '@passerelle/gateway';
import { Client } from 'pg';
import { DEPARTMENT, seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 16, trusted documents: a partner application registers the documents it sends; an
 * audience held to them runs nothing else, by id; the others may send either.
 */
const SCHOOL = seeded('school', 'SCHOOL');
const PMI = seeded('pmi', 'PMI');

const PUPILS = 'query Pupils($first: Int!) { children(first: $first) { nodes { id firstNames } } }';
const SUBMIT = 'mutation Submit($input: SubmitConcernInput!) { submitConcern(input: $input) { id status } }';

const manifest = (operations: { body: string }[], app = 'ecole-app', audience: DocumentManifest['audience'] = 'school'): DocumentManifest =>
  checkManifest({ format: 'apollo-persisted-query-manifest', app, audience, version: 1, appVersion: '1.0.0', operations });

const concern = (key: string) => ({
  idempotencyKey: key,
  channel: 'FORM',
  sourceKind: 'SCHOOL',
  sourcePartnerId: partnerId('SCHOOL', 0),
  urgency: 'NORMAL',
  content: 'Élève souvent absente, fatiguée, dit avoir peur de rentrer.',
  newChildren: [{ firstNames: 'Inès', lastName: 'Trusted', birthDate: '2016-05-02', sex: 'F' }],
  parentsInformed: true,
});

describe('trusted documents', () => {
  let stack: TestStack;
  let db: Client;
  beforeAll(async () => {
    stack = await startTestStack({ children: 10, trustedDocuments: ['school'] });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  /** A request by id (Apollo's persisted query extension), optionally with its text. */
  async function byId(id: string, variables: Record<string, unknown>, as = SCHOOL, query?: string) {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(as)}` },
      body: JSON.stringify({ query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
    return { status: response.status, ...((await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] }) };
  }
  const concerns = async () => Number((await db.query(`SELECT count(*) FROM cases.concern`)).rows[0].count);

  it('a school runs its registered documents by id, and nothing else: a free document is refused before anything runs', async () => {
    // Before publication: neither by id nor as text.
    expect((await byId(documentId(PUPILS), { first: 3 })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const before = await concerns();
    const free = await stack.query(SUBMIT, { input: concern('trusted-1') }, SCHOOL);
    expect(free.errors?.map((e) => e.extensions?.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    expect(free.data ?? null).toBeNull();
    expect(await concerns()).toBe(before);

    expect(await publishDocuments(stack.databaseUrl, manifest([{ body: PUPILS }, { body: SUBMIT }]))).toEqual({ app: 'ecole-app', audience: 'school', added: 2, kept: 0, removed: 0 });
    const pupils = await byId(documentId(PUPILS), { first: 3 });
    expect(pupils.errors).toBeUndefined();
    expect(Array.isArray((pupils.data!.children as { nodes: unknown[] }).nodes)).toBe(true);
    const submitted = await byId(documentId(SUBMIT), { input: concern('trusted-2') });
    expect(submitted.errors).toBeUndefined();
    expect(await concerns()).toBe(before + 1);
    // Its registered text may be sent as is; any other text may not, even a trivial variation.
    expect((await stack.query(PUPILS, { first: 2 }, SCHOOL)).errors).toBeUndefined();
    const variation = await stack.query(`${PUPILS} `, { first: 2 }, SCHOOL);
    expect(variation.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    // Republishing is idempotent.
    expect(await publishDocuments(stack.databaseUrl, manifest([{ body: PUPILS }, { body: SUBMIT }]))).toMatchObject({ added: 0, kept: 2 });
  });

  it('an id and a text that do not match, a malformed id, an unknown id: refused with a code, nothing run', async () => {
    const before = await concerns();
    const mismatch = await byId(documentId(PUPILS), { input: concern('trusted-3') }, SCHOOL, SUBMIT);
    expect(mismatch.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect((await byId('abc', {})).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect((await byId('f'.repeat(64), {})).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await concerns()).toBe(before);
  });

  it('documents are registered per audience: a school app’s documents are not a PMI’s; audiences not held to them still send free documents', async () => {
    expect((await byId(documentId(PUPILS), { first: 1 }, PMI)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await stack.query('{ children(first: 1) { nodes { id } } }', {}, PMI)).errors).toBeUndefined();
    expect((await stack.query('{ children(first: 1) { nodes { id } } }', {}, DEPARTMENT)).errors).toBeUndefined();
    // The département may use documents by id too, once its own app registered them.
    await publishDocuments(stack.databaseUrl, manifest([{ body: PUPILS }], 'ase-front', 'department'));
    expect((await byId(documentId(PUPILS), { first: 1 }, DEPARTMENT)).errors).toBeUndefined();
  });

  it('publication checks the whole manifest against the audience’s contract and writes nothing when any document is wrong', async () => {
    const count = async () => Number((await db.query(`SELECT count(*) FROM trusted.document`)).rows[0].count);
    const before = await count();
    const attempt = () =>
      manifest([
        { body: '{ children(first: 1) { nodes { id } } }' },
        // Not in the school's contract: the child's measures.
        { body: '{ children(first: 1) { nodes { measures(first: 1) { nodes { id } } } } }' },
        { body: 'query A { __typename } query B { __typename }' },
      ]);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/operations\[1\]: Cannot query field "measures".*contract of audience school/);
    expect(attempt).toThrow(/operations\[2\]\.body: exactly one operation per document/);
    expect(() => checkManifest({ app: 'Bad App', audience: 'nobody', operations: [] })).toThrow(/app: .*audience: .*operations: a non-empty list/);
    expect(() => manifest([{ body: PUPILS, id: 'f'.repeat(64) } as { body: string }])).toThrow(/operations\[0\]\.id: not the SHA-256 of its body/);
    expect(await count()).toBe(before);
  });

  it('--replace retires the app’s documents its new release no longer lists: at once, in the running gateway too', async () => {
    expect((await byId(documentId(SUBMIT), { input: concern('trusted-4') })).errors).toBeUndefined();
    expect(await publishDocuments(stack.databaseUrl, manifest([{ body: PUPILS }]), { replace: true })).toMatchObject({ added: 0, kept: 1, removed: 1 });
    // The gateway cached the document; the publication's notification drops it.
    let code: string | undefined;
    for (let i = 0; i < 50; i++) {
      code = (await byId(documentId(SUBMIT), { input: concern('trusted-5') })).errors?.[0]?.extensions?.code;
      if (code) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await byId(documentId(PUPILS), { first: 1 })).errors).toBeUndefined();
  });
});
