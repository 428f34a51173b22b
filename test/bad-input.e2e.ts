import { PRINCIPAL_HEADER, signPrincipal, systemPrincipal } from '@passerelle/common';
import { Agent, request } from 'node:http';
import { internalTexts } from './support/internal-text';
import { DEPARTMENT, startTestStack, tokenFor, type GraphQLResponse, type TestStack } from './support/stack';

/**
 * Issue 12, items 4 and 5: a request the GraphQL layer cannot run (no operation to run, a
 * subscription) is a 400 with a code, at the gateway and at every subgraph; a bad value (a custom
 * scalar, an enum, a null byte in any string, a crafted cursor), inline or through variables, is
 * BAD_USER_INPUT naming the argument, with no subgraph URL, SQL or driver text, in development
 * and in production mode. Item 6 (the HTTP layer) is below, on the development stack.
 */

const CHILD = '00000000-0000-4000-8000-000000000000';
const REQUEST_ERRORS = ['BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE'];

const CREATE_CHILD = 'mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }';
const goodChild = { firstNames: 'Inès', lastName: 'Marchand', birthDate: '2019-04-02', sex: 'F' };

interface BadInput {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** What `extensions.argument` names. */
  argument: string;
}

const BAD_INPUTS: BadInput[] = [
  { name: 'an empty date through variables', query: CREATE_CHILD, variables: { input: { ...goodChild, birthDate: '' } }, argument: 'input.birthDate' },
  {
    name: 'an empty date inline',
    query: 'mutation { createChild(input: { firstNames: "A", lastName: "B", birthDate: "", sex: F }) { id } }',
    argument: 'input.birthDate',
  },
  { name: 'an impossible date inline', query: '{ searchChildren(birthDate: "2020-13-45") { nodes { id } } }', argument: 'birthDate' },
  { name: 'a number for a date', query: 'query ($d: LocalDate) { searchChildren(birthDate: $d) { nodes { id } } }', variables: { d: 5 }, argument: 'birthDate' },
  { name: 'a word for a date', query: '{ situationReportsDue(before: "tomorrow") { nodes { id } } }', argument: 'before' },
  {
    name: 'a bad instant on a nested field',
    query: `{ child(id: "${CHILD}") { accessLog(since: "yesterday") { nodes { at } } } }`,
    argument: 'since',
  },
  { name: 'a value outside an enum through variables', query: CREATE_CHILD, variables: { input: { ...goodChild, sex: 'Q' } }, argument: 'input.sex' },
  { name: 'a bad INSEE code', query: CREATE_CHILD, variables: { input: { ...goodChild, communeCode: 'ABCDE' } }, argument: 'input.communeCode' },
  { name: 'a null byte in an id', query: 'query ($id: ID!) { child(id: $id) { id } }', variables: { id: `${CHILD}\u0000` }, argument: 'id' },
  { name: 'a null byte in an input field through variables', query: CREATE_CHILD, variables: { input: { ...goodChild, firstNames: 'A\u0000B' } }, argument: 'input.firstNames' },
  {
    name: 'a null byte in an input field inline',
    query: 'mutation { createChild(input: { firstNames: "A\\u0000", lastName: "B", birthDate: "2020-01-01", sex: F }) { id } }',
    argument: 'input.firstNames',
  },
  { name: 'a null byte in a search', query: 'query ($n: String) { searchChildren(name: $n) { nodes { id } } }', variables: { n: 'a\u0000' }, argument: 'name' },
  { name: 'a null byte in an e-mail (partners)', query: '{ partnerMemberByEmail(email: "a\\u0000@x.fr") { id } }', argument: 'email' },
  { name: 'a null byte in a commune code (placements)', query: '{ facilities(communeCode: "44\\u0000") { nodes { id } } }', argument: 'communeCode' },
  {
    name: 'a null byte in a placements mutation',
    query: 'mutation ($input: RegisterFacilityInput!) { registerFacility(input: $input) { id } }',
    variables: {
      input: { name: 'Foyer\u0000', kind: 'CHILDRENS_HOME', address: '1 rue', postalCode: '44000', commune: 'Nantes', communeCode: '44109' },
    },
    argument: 'input.name',
  },
  { name: 'a null byte in a cursor', query: '{ children(first: 2, after: "\\u0000") { nodes { id } } }', argument: 'after' },
  { name: 'a crafted cursor', query: `{ children(first: 2, after: "${Buffer.from('{"k":["x\'; --"]}').toString('base64url')}") { nodes { id } } }`, argument: 'after' },
];

function expectNoInternalText(result: unknown): void {
  expect(internalTexts(JSON.stringify(result))).toEqual([]);
}

describe.each([
  ['development', false],
  ['production', true],
])('bad input (%s mode)', (_mode, production) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 3, production });
  }, 180_000);
  afterAll(() => stack?.stop());

  describe('a request that names no operation to run is a 400 with a code (item 4)', () => {
    const cases: [string, string, string | undefined][] = [
      ['an operationName that matches no operation', 'query A { __typename }', 'B'],
      ['two operations without operationName', 'query A { __typename } query B { __typename }', undefined],
      ['a subscription', 'subscription { __typename }', undefined],
      ['a subscription among queries', 'query A { __typename } subscription B { __typename }', 'B'],
    ];

    it.each(cases)('at the gateway: %s', async (_name, query, operationName) => {
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(DEPARTMENT)}` },
        body: JSON.stringify({ query, operationName }),
      });
      const body = (await response.json()) as GraphQLResponse;
      expect(response.status).toBe(400);
      expect(REQUEST_ERRORS).toContain(body.errors?.[0]?.extensions?.code);
      expectNoInternalText(body);
    });

    it.each(cases)('at every subgraph: %s', async (_name, query, operationName) => {
      for (const subgraph of Object.values(stack.subgraphs)) {
        const body = { query, operationName };
        const response = await fetch(subgraph.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [PRINCIPAL_HEADER]: signPrincipal(systemPrincipal('test'), body, stack.signingKey, subgraph.name),
          },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as GraphQLResponse;
        expect({ subgraph: subgraph.name, status: response.status }).toEqual({ subgraph: subgraph.name, status: 400 });
        expect(REQUEST_ERRORS).toContain(answer.errors?.[0]?.extensions?.code);
        expectNoInternalText(answer);
      }
    });
  });

  describe('a bad value is BAD_USER_INPUT naming the argument, with nothing internal (item 5)', () => {
    it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const before = stack.statements();
      const result = await stack.query(c.query, c.variables);
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: c.argument });
      expectNoInternalText(result);
      if (c.name.includes('null byte')) {
        // Refused before any SQL: no subgraph ran a statement for it.
        expect(stack.statements()).toEqual(before);
      }
    });

    it('a null byte sent straight to a subgraph is refused there too, before any SQL', async () => {
      const before = stack.statements();
      const result = await stack.querySubgraph('cases', CREATE_CHILD, { input: { ...goodChild, lastName: '\u0000' } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.lastName' });
      expect(stack.statements()).toEqual(before);
      expectNoInternalText(result);
    });
  });
});

describe('the HTTP layer answers every malformed request with a GraphQL error, and keeps serving (item 6)', () => {
  let stack: TestStack;
  let agent: Agent;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 1 });
    token = await tokenFor(DEPARTMENT);
  }, 180_000);
  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(() => agent.destroy());
  afterAll(() => stack?.stop());

  interface Answer {
    status: number;
    body: GraphQLResponse;
    socket: unknown;
  }

  /** One POST through the keep-alive agent; fails (does not hang) after 10 s. */
  function post(url: string, body: string | Buffer, contentType = 'application/json'): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(10_000),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode!, body: JSON.parse(text) as GraphQLResponse, socket: req.socket });
            } catch {
              reject(new Error(`not JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}`));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const TYPENAME = JSON.stringify({ query: '{ __typename }' });

  it.each([
    ['the gateway', () => stack.gateway.url],
    ['a subgraph', () => stack.subgraphs.cases!.url],
  ])('%s: a body too large is a 413 with a code, and the next request is answered', async (_name, url) => {
    const tooLarge = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } });
    const refused = await post(url(), tooLarge);
    expect(refused.status).toBe(413);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const next = await post(url(), TYPENAME);
    expect(next.status).toBeLessThan(500);
    expect(next.body.errors?.[0]?.extensions?.code ?? 'none').not.toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['malformed JSON', '{"query": ', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['a JSON array', '[1, 2]', 'application/json'],
    ['a JSON string', '"{ __typename }"', 'application/json'],
    ['a wrong content type', '{ __typename }', 'text/plain'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'application/json'],
    ['a persisted query whose hash does not match', JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }), 'application/json'],
    ['an unknown persisted-query version', JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }), 'application/json'],
  ] as const)('%s: a 400 with a GraphQL error and a code; the connection keeps serving', async (_name, body, contentType) => {
    for (const [url, statuses] of [
      [stack.gateway.url, [400]],
      // Unsigned, the subgraph may refuse it for that first (401): a coded GraphQL error either way.
      [stack.subgraphs.partners!.url, [400, 401]],
    ] as const) {
      const refused = await post(url, body, contentType);
      expect(statuses).toContain(refused.status);
      expect(refused.body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
      expect(refused.body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      expectNoInternalText(refused.body);
      const next = await post(url, TYPENAME);
      expect(next.status).toBeLessThan(500);
    }
  });

  it('the gateway answers a well-formed request after a 413 on the same agent with data', async () => {
    await post(stack.gateway.url, JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 1) }));
    const next = await post(stack.gateway.url, TYPENAME);
    expect(next).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });
});
