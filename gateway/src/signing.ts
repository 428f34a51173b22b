import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AUDIT_EXTENSION, ErrorCode, PRINCIPAL_HEADER, signPrincipal, startStep, TRACEPARENT_HEADER, type Principal, type TraceContext } from '@passerelle/common';
import { subgraphFetcher } from './subgraph-fetch';
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';

/** Code of the error a field gets when the subgraph that owns it cannot be reached. */
export const SUBGRAPH_UNAVAILABLE = ErrorCode.SUBGRAPH_UNAVAILABLE;

/** The subgraph did not answer at all (refused, reset, timed out) or answered 502/503/504. */
function unreachable(error: unknown): boolean {
  const e = error as { code?: unknown; type?: unknown; name?: unknown; cause?: unknown; extensions?: { response?: { status?: number } } };
  if (e?.type === 'system' || e?.name === 'AbortError' || e?.name === 'TimeoutError') return true;
  if (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR_)/.test(e.code)) return true;
  // Node's fetch says "fetch failed" and puts the socket's error in `cause`.
  if (e?.cause !== undefined && e.cause !== error && unreachable(e.cause)) return true;
  const status = e?.extensions?.response?.status;
  // A 503 is mapped to SERVICE_UNAVAILABLE by errorFromResponse below.
  return status === 502 || status === 503 || status === 504 || (e?.extensions as { code?: unknown } | undefined)?.code === ErrorCode.SERVICE_UNAVAILABLE;
}

/** Response names of the fields selected at the top of `set` for an object of `typename`. */
function topFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, typename?: string): string[] {
  const names: string[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.push(selection.alias?.value ?? selection.name.value);
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const on = fragment.typeCondition?.name.value;
      if (on === undefined || typename === undefined || on === typename) names.push(...topFields(fragment.selectionSet, fragments, typename));
    }
  }
  return [...new Set(names)];
}

/**
 * One error per field the unreachable subgraph was asked for, with its path in the subgraph's
 * answer (`_entities.<i>.<field>` or `<field>`): the gateway maps those paths into the client's
 * response, as it does for a subgraph's own errors. Without them, the field came back null with
 * an error naming no field, and "unavailable" read as "nothing".
 */
export function unavailableErrors(document: DocumentNode, variables: Record<string, unknown> | undefined, service: string): GraphQLFormattedError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const message = `the ${service} service is unavailable for now: this field could not be read (it is not empty); retry in a moment`;
  const extensions = { code: SUBGRAPH_UNAVAILABLE };
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [{ message, extensions }];
  const errors: GraphQLFormattedError[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === '_entities' && selection.selectionSet) {
      const representations = (variables?.representations as { __typename?: string }[] | undefined) ?? [];
      representations.forEach((representation, i) => {
        for (const field of topFields(selection.selectionSet!, fragments, representation.__typename)) {
          errors.push({ message, path: ['_entities', i, field], extensions });
        }
      });
    }
  }
  if (errors.length > 0) return errors;
  for (const field of topFields(operation.selectionSet, fragments)) errors.push({ message, path: [field], extensions });
  return errors.length > 0 ? errors : [{ message, extensions }];
}

export interface GatewayContext {
  principal: Principal;
  /** Children whose rows the subgraphs returned for this request (for the audit record). */
  touched: Set<string>;
  /** The request's audit state: what its token claimed, whether it was verified, whether it is recorded. */
  audit?: RequestAudit;
  /** The request's trace (its `traceparent` or a new one; the HTTP front's `requestTrace`), continued by each subgraph request. */
  trace?: TraceContext;
}

/** One request's audit state, from the HTTP front to the audit plugin. */
export interface RequestAudit {
  /** The token's claims as sent (null: no token). */
  claims: Record<string, unknown> | null;
  /** The token's signature, issuer, audience and expiry held. */
  verified: boolean;
  /** The audit plugin has handled this request (recorded it, or withheld its answer). */
  recorded: boolean;
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Every subgraph request carries the verified principal, signed for that subgraph, that
 * request's body and a few seconds: a subgraph answers nothing else, and no other subgraph
 * accepts it. Each answer says which children's rows it returned; the gateway gathers them for
 * the audit record and does not pass them on.
 */
export class SigningDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name in the supergraph (`cases`, …): what the header is signed for. */
    readonly subgraph: string,
    url: string,
    private readonly signingKey: string,
    /** Told each subgraph request's outcome and time (the gateway's metrics). */
    private readonly observe?: (outcome: 'ok' | 'error' | 'unavailable', seconds: number) => void,
    /** The HTTP client (default: one of its own, subgraph-fetch.ts). */
    fetcher: RemoteGraphQLDataSource['fetcher'] = subgraphFetcher(),
  ) {
    // Not the gateway's default client (make-fetch-happen: it kept idle sockets forever and, under
    // load, sent a request on a socket the subgraph was closing, and built a stack trace per
    // request), nor Node's fetch (a quarter of the gateway's CPU under load): Node's http over a
    // keep-alive agent per subgraph, its idle connections closed before the subgraph closes them.
    super({ url, fetcher });
  }

  /** Each subgraph request's `traceparent` (its step of the client's trace), from process() to willSendRequest(). */
  private readonly traceparents = new WeakMap<object, string>();

  /** A subgraph that cannot be reached answers, in its stead, an error on every field it owed. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    // This fetch is a step (a client span) of the client's request; the subgraph continues it.
    const step = startStep(`POST ${this.subgraph}`, 'client', { 'server.address': this.subgraph }, options.context?.trace);
    if (step.traceparent) this.traceparents.set(options.request, step.traceparent);
    try {
      const answer = await super.process(options);
      this.observe?.(answer.errors?.length ? 'error' : 'ok', took());
      step.end(Boolean(answer.errors?.length));
      return answer;
    } catch (error) {
      this.observe?.(unreachable(error) ? 'unavailable' : 'error', took());
      step.end(true);
      if (!('document' in options)) throw error; // only a client's operation has fields to mark
      if (unreachable(error)) {
        return { errors: unavailableErrors(options.document ?? parse(options.request.query!), options.request.variables, this.subgraph) };
      }
      // A coded error (errorFromResponse's) goes on as it is; anything else (an answer that is not
      // JSON: "invalid json response body at http://…") says nothing of the exchange to the client.
      if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && !('response' in error.extensions)) throw error;
      throw new GraphQLError(`the ${this.subgraph} service gave an answer that could not be read`, {
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.subgraph },
      });
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context.principal) throw new Error('no principal on a subgraph request');
    request.http!.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, request, this.signingKey, this.subgraph));
    const traceparent = this.traceparents.get(request);
    if (traceparent) request.http!.headers.set(TRACEPARENT_HEADER, traceparent);
  }

  /**
   * A subgraph that answered with an HTTP error: its own coded GraphQL error (a BAD_USER_INPUT,
   * an UNAUTHENTICATED) reaches the client as it is, with the subgraph's name and nothing of the
   * exchange (Apollo's default wraps it in "400: Bad Request" with the subgraph's URL and raw
   * answer). A subgraph that cannot serve safely now (its nonce store is down) answers 503: the
   * client gets SERVICE_UNAVAILABLE, a code it can retry on.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 503) {
      return new GraphQLError(`the ${this.subgraph} service cannot serve this request now; try again`, {
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      });
    }
    let first: GraphQLFormattedError | undefined;
    try {
      first = ((await response.json()) as { errors?: GraphQLFormattedError[] }).errors?.[0];
    } catch {
      first = undefined;
    }
    const code = first?.extensions?.code;
    if (first && typeof first.message === 'string' && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _stacktrace, ...extensions } = first.extensions as Record<string, unknown>;
      return new GraphQLError(first.message, { extensions: { ...extensions, serviceName: this.subgraph } });
    }
    // Apollo's mapping for an answer without a coded error: 401 UNAUTHENTICATED, 403 FORBIDDEN.
    const status = response.status === 401 ? ErrorCode.UNAUTHENTICATED : response.status === 403 ? ErrorCode.FORBIDDEN : 'INTERNAL_SERVER_ERROR';
    return new GraphQLError(`the ${this.subgraph} service could not answer this request (HTTP ${response.status})`, {
      extensions: { code: status, serviceName: this.subgraph },
    });
  }

  override didReceiveResponse({ response, context }: ReceivedResponse): ReceivedResponse['response'] {
    const reported = (response.extensions?.[AUDIT_EXTENSION] as { children?: unknown } | undefined)?.children;
    if (Array.isArray(reported) && context.touched) for (const id of reported) if (typeof id === 'string') context.touched.add(id);
    return response;
  }
}
