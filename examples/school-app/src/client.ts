import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/**
 * The smallest client a partner needs: POST a trusted document by id (Apollo's persisted query
 * extension, what Passerelle's gateway expects) with the bearer token of the school's member,
 * and get typed data back or a typed error.
 */
export class PasserelleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

/** The document's id, as the client preset's `persistedDocuments` wrote it (`sha256:<hex>`). */
export function idOf(document: TypedDocumentNode<unknown, unknown>): string {
  const hash = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('the document has no persisted id: build with persistedDocuments on (codegen.yml)');
  return hash.replace(/^sha256:/, '');
}

export function createClient(url: string, token: string) {
  return async function run<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: idOf(document as TypedDocumentNode<unknown, unknown>) } } }),
    });
    const body = (await response.json()) as { data?: R | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };
    const [error] = body.errors ?? [];
    if (error) throw new PasserelleError(error.extensions?.code ?? 'UNKNOWN', error.message, error.path);
    if (!body.data) throw new PasserelleError('NO_DATA', `HTTP ${response.status} without data`);
    return body.data;
  };
}
