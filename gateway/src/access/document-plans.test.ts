import { grantRefusal, readAccessRules } from '@passerelle/common';
import { buildSchema, parse } from 'graphql';
import { DocumentPlans } from './document-plans';
import { fieldPairs, fieldRulesPlugin, forbidFields } from './field-rules';
import { limitsPlugin } from './limits';

const sdl = `
  directive @access(category: String!) on OBJECT | FIELD_DEFINITION
  type Query { child(id: ID!): Child children(first: Int): ChildConnection! }
  type ChildConnection { nodes: [Child!]! }
  type Child @access(category: "CHILD_IDENTITY") {
    id: ID!
    lastName: String!
    siblings: [Child!]
    accessLog: [AccessRecord!] @access(category: "AUDIT_LOG")
  }
  type AccessRecord @access(category: "AUDIT_LOG") { at: String! }
`;
const schema = buildSchema(sdl);
const rules = readAccessRules(sdl);
const manager = { sub: 'm', partnerId: 'p', audience: 'department' as const, scopes: ['audit:read'] };
const caseworker = { ...manager, sub: 'c', scopes: [] };

describe('document plans: what is kept, and for whom', () => {
  it('one plan per (audience, document, operation name); the same text is needed, not only the same hash', () => {
    const plans = new DocumentPlans();
    const a = plans.of('school', 'h1', 'Q', '{ a }');
    a.categories = ['X'];
    expect(plans.of('school', 'h1', 'Q', '{ a }')).toBe(a);
    // Another audience, another operation name, another text under the same hash: never this plan.
    expect(plans.of('department', 'h1', 'Q', '{ a }').categories).toBeUndefined();
    expect(plans.of('school', 'h1', 'R', '{ a }').categories).toBeUndefined();
    expect(plans.of('school', 'h1', 'Q', '{ b }').categories).toBeUndefined();
    // And the colliding text replaced the first: its plan is computed anew.
    expect(plans.of('school', 'h1', 'Q', '{ a }').categories).toBeUndefined();
  });

  it('a request without hash or text gets a plan of its own, kept for nobody', () => {
    const plans = new DocumentPlans();
    const plan = plans.of('school', undefined, null, '{ a }');
    plan.categories = ['X'];
    expect(plans.of('school', undefined, null, '{ a }').categories).toBeUndefined();
    expect(plans.size).toBe(0);
  });

  it('is bounded in entries (least recently used go first) and in the characters of the texts it keeps', () => {
    const plans = new DocumentPlans(3, 1000);
    for (const h of ['1', '2', '3']) plans.of('school', h, null, `{ f${h} }`).categories = [h];
    plans.of('school', '1', null, '{ f1 }'); // used again: now the newest
    plans.of('school', '4', null, '{ f4 }');
    expect(plans.size).toBe(3);
    expect(plans.of('school', '1', null, '{ f1 }').categories).toEqual(['1']);
    expect(plans.of('school', '2', null, '{ f2 }').categories).toBeUndefined();
    const big = new DocumentPlans(100, 1000);
    for (let i = 0; i < 20; i++) big.of('school', String(i), null, `{ ${'x'.repeat(50)} }`);
    expect(big.size).toBeLessThanOrEqual(1000 / 54);
    // A text larger than a sixteenth of the bound is not kept at all.
    big.of('school', 'large', null, 'y'.repeat(100));
    expect(big.size).toBeLessThanOrEqual(1000 / 54);
    expect(big.of('school', 'large', null, 'y'.repeat(100))).not.toBe(big.of('school', 'large', null, 'y'.repeat(100)));
  });
});

describe('field rules with a plan: the walk is skipped only when nothing can be refused', () => {
  const DOCUMENTS = [
    `{ child(id: "1") { id lastName log: accessLog { at } } }`,
    `{ child(id: "1") { ...F } } fragment F on Child { id siblings { ... on Child { accessLog { at } } } }`,
    `{ children(first: 2) { nodes { ...G } } } fragment G on Child { id siblings { ...G } }`,
    `{ children(first: 2) { nodes { id lastName siblings { id } } } }`,
  ];
  const answer = () => ({
    child: { id: '1', lastName: 'Hervé', log: [{ at: 'today' }], accessLog: [{ at: 'today' }], siblings: [{ id: '2', accessLog: [{ at: 'x' }], siblings: [] }] },
    children: { nodes: [{ id: '1', lastName: 'Hervé', siblings: [{ id: '2', siblings: [] }] }] },
  });

  it('every pair the walk refuses is among the document’s pairs (so "none refused" means the walk finds nothing)', () => {
    for (const text of DOCUMENTS) {
      const document = parse(text);
      const pairs = fieldPairs(schema, document, undefined);
      for (const principal of [manager, caseworker]) {
        const errors = forbidFields(schema, rules, principal, document, undefined, answer());
        const refusedFields = new Set(pairs.filter(([type, field]) => grantRefusal(rules, principal, type, field) !== null).map(([, field]) => field));
        // The walk refuses something only where one of the plan's pairs is refused to this principal.
        if (errors.length > 0) expect(refusedFields).toContain('accessLog');
        if (principal === caseworker && text.includes('accessLog')) expect(errors.length).toBeGreaterThan(0);
      }
    }
    // The fragment's inline fragment and the nested spread are followed.
    expect(fieldPairs(schema, parse(DOCUMENTS[1]!), undefined)).toEqual(
      expect.arrayContaining([['Query', 'child'], ['Child', 'id'], ['Child', 'siblings'], ['Child', 'accessLog'], ['AccessRecord', 'at']]),
    );
  });

  it('the same document, planned for one principal, is still refused to another who lacks the scope (and the other way round)', async () => {
    const plans = new DocumentPlans();
    const plugin = fieldRulesPlugin(() => schema, () => rules, plans);
    const text = DOCUMENTS[1]!;
    const send = async (principal: typeof manager) => {
      const body = { kind: 'single' as const, singleResult: { data: answer() as Record<string, unknown>, errors: undefined as unknown[] | undefined } };
      const ctx = {
        contextValue: { principal },
        document: parse(text),
        source: text,
        queryHash: 'hash-of-document-1',
        request: { operationName: undefined },
        operationName: undefined,
        response: { body },
      };
      const hooks = await plugin.requestDidStart!({} as never);
      await (hooks as { willSendResponse(c: unknown): Promise<void> }).willSendResponse(ctx);
      return body.singleResult;
    };
    for (const order of [[manager, caseworker, manager], [caseworker, manager, caseworker]]) {
      for (const principal of order) {
        const result = await send(principal);
        const refused = (result.errors ?? []).map((e) => (e as { path: unknown[] }).path.join('.'));
        expect(refused).toEqual(principal === caseworker ? ['child.siblings.0.accessLog'] : []);
      }
    }
    expect(plans.size).toBe(1);
  });
});

describe('limits with a plan: only a measure no variable changes is kept', () => {
  const run = async (plans: DocumentPlans, text: string, variables: Record<string, unknown>) => {
    const plugin = limitsPlugin({ maxDepth: 14, maxFields: 500, maxEstimatedValues: 1000 }, plans);
    const hooks = await plugin.requestDidStart!({} as never);
    const ctx = { contextValue: { principal: manager }, document: parse(text), source: text, queryHash: `h:${text}`, request: { operationName: undefined, variables }, operationName: undefined };
    try {
      await (hooks as { didResolveOperation(c: unknown): Promise<void> }).didResolveOperation(ctx);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('a page size from a variable is measured at every request', async () => {
    const plans = new DocumentPlans();
    const text = `query ($n: Int) { children(first: $n) { nodes { id siblings { id lastName } } } }`;
    expect(await run(plans, text, { n: 2 })).toBe('ok');
    expect(await run(plans, text, { n: 500 })).toMatch(/could hold \d+ values/);
    expect(await run(plans, text, { n: 2 })).toBe('ok');
  });

  it('a document without one is measured once', async () => {
    const plans = new DocumentPlans();
    const text = `{ children(first: 2) { nodes { id } } }`;
    expect(await run(plans, text, {})).toBe('ok');
    expect(plans.of('department', `h:${text}`, undefined, text).measure).toEqual({ depth: 3, fields: 3, values: 5 });
  });
});
