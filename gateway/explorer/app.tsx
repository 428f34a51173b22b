/**
 * Passerelle's explorer: GraphiQL, bundled at build time (no CDN), served by the gateway at
 * /explorer. The bearer token lives in this tab's sessionStorage and goes only to the gateway's
 * GraphQL endpoint; the schema shown is whatever the gateway's introspection answers for that
 * token, i.e. its audience contract. A new token remounts GraphiQL: the schema, documentation and
 * answers obtained with the previous token are dropped, not shown next to the new one; the
 * editors' text comes back from sessionStorage (GraphiQL saves it half a second after an edit).
 */
import { useEditorContext, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/graphiql.css';
import { createContext, StrictMode, useCallback, useContext, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { examplesFor } from './examples';
import './explorer.css';
import { SignInPanel } from './sign-in-panel';
import { StatisticsTabs } from './statistics-view';
import { decodeClaims, normaliseToken, type TokenClaims } from './token';

const TOKEN_KEY = 'passerelle.explorer.token';

type Fetcher = GraphiQLProps['fetcher'];

const NO_TOKEN = { errors: [{ message: 'No bearer token yet: paste one in the field above and press "Use token".' }] };

/** `onAudience`: the audience the gateway served the request as (a provider's token does not say it). */
function createFetcher(endpoint: string, token: string, onAudience?: (audience: string) => void): Fetcher {
  return async (params) => {
    if (!token) return NO_TOKEN;
    const response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'omit',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(params),
    });
    const text = await response.text();
    const served = response.headers.get('passerelle-audience');
    if (served) onAudience?.(served);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { errors: [{ message: `HTTP ${response.status} from the gateway: ${text.slice(0, 300)}` }] };
    }
  };
}

const AudienceContext = createContext<string | undefined>(undefined);

function ExamplesPane() {
  const audience = useContext(AudienceContext);
  const { queryEditor, variableEditor } = useEditorContext({ nonNull: true });
  const examples = examplesFor(audience);
  return (
    <section className="passerelle-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      {audience === undefined ? (
        <p>Enter a token above: the examples follow its audience.</p>
      ) : examples.length === 0 ? (
        <p>No examples for audience “{audience}”.</p>
      ) : (
        <>
          <p>
            Operations the audience <strong>{audience}</strong> may send. Pick one, then run it.
          </p>
          <ul>
            {examples.map((example) => (
              <li key={example.title}>
                <button
                  type="button"
                  className="graphiql-un-styled"
                  onClick={() => {
                    queryEditor?.setValue(example.query);
                    variableEditor?.setValue(example.variables ?? '');
                  }}
                >
                  {example.title}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M4 5h16M4 10h16M4 15h10M4 20h7" strokeLinecap="round" />
    </svg>
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPane };

function tokenStatus(claims: TokenClaims | undefined, token: string): { text: string; warning: boolean } {
  if (!token) return { text: 'No token: nothing is sent to the gateway.', warning: true };
  if (!claims) return { text: 'This does not look like a bearer token (JWT).', warning: true };
  const parts = [`Acting as audience ${claims.audience ?? '(none)'}`];
  if (claims.partnerId) parts.push(`partner ${claims.partnerId}`);
  if (claims.expiresAt !== undefined) {
    const expires = new Date(claims.expiresAt * 1000);
    if (expires.getTime() <= Date.now()) return { text: `${parts.join(' · ')} · expired at ${expires.toLocaleString()}`, warning: true };
    parts.push(`expires ${expires.toLocaleTimeString()}`);
  }
  return { text: parts.join(' · '), warning: false };
}

function TokenBar(props: { token: string; claims: TokenClaims | undefined; onChange: (token: string) => void; tokenField: boolean; children?: ReactNode }) {
  const [draft, setDraft] = useState(props.token);
  // A token from the sign-in controls shows in the field too.
  useEffect(() => setDraft(props.token), [props.token]);
  const status = tokenStatus(props.claims, props.token);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onChange(normaliseToken(draft));
  };
  return (
    <form className="passerelle-token" onSubmit={submit}>
      <span className="passerelle-brand">Passerelle explorer</span>
      {/* In production with an identity provider, members sign in: no token field. */}
      {props.tokenField ? (
        <>
          <label htmlFor="passerelle-token-input">Bearer token</label>
          <input
            id="passerelle-token-input"
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="paste a token from `npm run token -- --audience … --partner …`"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit">Use token</button>
        </>
      ) : null}
      <button
        type="button"
        onClick={() => {
          setDraft('');
          props.onChange('');
        }}
      >
        Forget
      </button>
      {props.children}
      <output className={status.warning ? 'passerelle-audience warning' : 'passerelle-audience'} data-audience={props.claims?.audience ?? ''}>
        {status.text}
      </output>
    </form>
  );
}

const DEFAULT_QUERY = `# Passerelle explorer
#
# 1. Paste a bearer token above (npm run token -- --audience <audience> --partner <code or id>)
#    and press "Use token": the schema and the documentation become that audience's contract.
# 2. Pick an operation in "Examples" on the left, or write your own (Ctrl-Space completes).
# 3. Run it with Ctrl-Enter or the ▶ button.
`;

function Explorer({ endpoint, tokenField }: { endpoint: string; tokenField: boolean }) {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  // The audience the gateway served this token as, when the token does not name it (sign-in).
  const [served, setServed] = useState<string>();
  const servedRef = useRef<string>();
  const onAudience = useCallback((audience: string) => {
    servedRef.current = audience;
    setServed(audience);
  }, []);
  const claims = useMemo(() => {
    const decoded = token ? decodeClaims(token) : undefined;
    return decoded && !decoded.audience && served ? { ...decoded, audience: served } : decoded;
  }, [token, served]);
  const fetcher = useMemo(() => createFetcher(endpoint, token, onAudience), [endpoint, token, onAudience]);
  // The audience whose schema is on screen ('' while it loads), marked on the page.
  const [schemaFor, setSchemaFor] = useState('');
  const onSchemaChange = useCallback(() => setSchemaFor(claims?.audience ?? servedRef.current ?? ''), [claims]);
  const changeToken = (next: string) => {
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
    setSchemaFor('');
    servedRef.current = undefined;
    setServed(undefined);
    setToken(next);
  };
  return (
    <div className="passerelle-explorer" data-schema-for={schemaFor} aria-busy={token !== '' && schemaFor === ''}>
      <TokenBar token={token} claims={claims} onChange={changeToken} tokenField={tokenField}>
        <SignInPanel token={token} onToken={changeToken} />
      </TokenBar>
      <AudienceContext.Provider value={claims?.audience}>
        <GraphiQL
          key={token}
          fetcher={fetcher}
          onSchemaChange={onSchemaChange}
          storage={sessionStorage}
          isHeadersEditorEnabled={false}
          shouldPersistHeaders={false}
          plugins={[EXAMPLES_PLUGIN]}
          visiblePlugin={EXAMPLES_PLUGIN}
          defaultQuery={DEFAULT_QUERY}
        >
          <GraphiQL.Logo>Passerelle</GraphiQL.Logo>
          <GraphiQL.Footer>
            <StatisticsTabs />
          </GraphiQL.Footer>
        </GraphiQL>
      </AudienceContext.Provider>
    </div>
  );
}

const mount = document.getElementById('explorer');
if (!mount) throw new Error('the explorer page has no #explorer element');
createRoot(mount).render(
  <StrictMode>
    <Explorer endpoint={mount.dataset.endpoint ?? '/graphql'} tokenField={mount.dataset.tokenField !== 'false'} />
  </StrictMode>,
);
