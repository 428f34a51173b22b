import { PRINCIPAL_HEADER, ReplayGuard, verifyPrincipal, type Principal } from '@passerelle/common';
import { GraphQLError } from 'graphql';
import { SigningDataSource } from './signing';

const KEY = 'a-signing-key-for-this-test-only-000000';
const principal: Principal = { sub: 'm', partnerId: 'p', audience: 'school', scopes: [] };

describe('the signing data source', () => {
  it('signs each request for the subgraph it was built for, and for no other', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:1/graphql', KEY);
    const request = { query: '{ children { nodes { id } } }', variables: {}, http: { headers: new Map<string, string>() } };
    source.willSendRequest({ request, context: { principal, touched: new Set() } } as unknown as Parameters<SigningDataSource['willSendRequest']>[0]);
    const header = request.http.headers.get(PRINCIPAL_HEADER);
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'placements', replay: new ReplayGuard() })).rejects.toThrow(
      'principal header signed for another service',
    );
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay: new ReplayGuard() })).resolves.toEqual(principal);
  });

  it('a subgraph answering 503 (its nonce store is down) reaches the client as SERVICE_UNAVAILABLE', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:1/graphql', KEY);
    const body = JSON.stringify({ errors: [{ message: 'cannot verify', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    const response = new Response(body, { status: 503, statusText: 'Service Unavailable', headers: { 'content-type': 'application/json' } });
    const error = await source.errorFromResponse(response as never);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(error.message).not.toMatch(/127\.0\.0\.1/);
  });

  it('other failures keep Apollo’s mapping (401 stays UNAUTHENTICATED)', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:1/graphql', KEY);
    const response = new Response('{}', { status: 401, statusText: 'Unauthorized', headers: { 'content-type': 'application/json' } });
    expect((await source.errorFromResponse(response as never)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a subgraph’s own coded error (HTTP 400) reaches the client as it is, without the subgraph’s URL or answer', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:4001/graphql', KEY);
    const body = JSON.stringify({
      errors: [{ message: 'input.birthDate is not valid', extensions: { code: 'BAD_USER_INPUT', argument: 'input.birthDate', stacktrace: ['at x'] } }],
    });
    const response = new Response(body, { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json' } });
    const error = await source.errorFromResponse(response as never);
    expect(error.message).toBe('input.birthDate is not valid');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.birthDate', serviceName: 'cases' });
  });

  it('an answer with no coded error gets a clean message, never the URL or the raw answer', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:4001/graphql', KEY);
    const response = new Response('<html>proxy error at 127.0.0.1:4001</html>', { status: 502, statusText: 'Bad Gateway' });
    const error = await source.errorFromResponse(response as never);
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(/127\.0\.0\.1|html|response/);
    expect(error.extensions.serviceName).toBe('cases');
  });

  it('an answer that is not JSON reaches the client without the subgraph’s URL', async () => {
    const source = new SigningDataSource('cases', 'http://127.0.0.1:4001/graphql', KEY);
    (source as unknown as { fetcher: unknown }).fetcher = async () =>
      new Response('<html>oops</html>', { status: 200, headers: { 'content-type': 'application/json' } });
    const request = { query: '{ children { nodes { id } } }', variables: {}, http: { method: 'POST', headers: new Map<string, string>(), url: '' } };
    const failure = await source
      .process({ kind: 'incoming operation', request, context: { principal, touched: new Set() }, document: undefined } as never)
      .then(() => null, (error: GraphQLError) => error);
    expect(failure).toBeInstanceOf(GraphQLError);
    expect(JSON.stringify({ message: failure!.message, extensions: failure!.extensions })).not.toMatch(/127\.0\.0\.1|invalid json/);
  });
});
