/**
 * The token bar's sign-in controls: "Sign in" with the identity provider (Authorization Code +
 * PKCE, sign-in.ts) when the gateway has one, and in development a picker of the seeded audiences
 * and institutions whose token the gateway signs. What the gateway offers comes from
 * /explorer/sign-in.json; the token field stays for any other token.
 */
import { useEffect, useState } from 'react';
import './sign-in.css';
import { decodeClaims } from './token';
import { beginSignIn, completeSignIn, ID_TOKEN_KEY, REFRESH_KEY, refreshTokens, signOut, type ProviderConfig, type ProviderTokens, type SignInConfig } from './sign-in';

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_S = 60;

function usable(config: SignInConfig | null): ProviderConfig | null {
  const provider = config?.provider;
  return provider && !provider.unreachable && provider.authorizationEndpoint && provider.tokenEndpoint ? provider : null;
}

export function SignInPanel(props: { token: string; onToken: (token: string) => void }) {
  const [config, setConfig] = useState<SignInConfig | null>(null);
  const [message, setMessage] = useState('');
  const provider = usable(config);

  useEffect(() => {
    let live = true;
    fetch(`${location.pathname.replace(/\/?$/, '/')}sign-in.json`, { credentials: 'omit' })
      .then((response) => (response.ok ? (response.json() as Promise<SignInConfig>) : null))
      .then((answer) => live && setConfig(answer))
      .catch(() => live && setConfig(null));
    return () => {
      live = false;
    };
  }, []);

  // Back from the provider: exchange the code.
  useEffect(() => {
    if (!provider) return;
    const take = (tokens: ProviderTokens) => {
      if (tokens.refreshToken) sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
      if (tokens.idToken) sessionStorage.setItem(ID_TOKEN_KEY, tokens.idToken);
      props.onToken(tokens.accessToken);
    };
    completeSignIn(provider, sessionStorage, location, history)
      .then((tokens) => tokens && take(tokens))
      .catch((error: Error) => setMessage(error.message));
    // Once per configuration: the code is used once.
  }, [provider?.issuer]);

  // A provider's token is refreshed before it expires, while a refresh token is held.
  useEffect(() => {
    if (!props.token) {
      sessionStorage.removeItem(REFRESH_KEY);
      sessionStorage.removeItem(ID_TOKEN_KEY);
      return;
    }
    const claims = decodeClaims(props.token);
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!provider || !refreshToken || claims?.expiresAt === undefined) return;
    const wait = Math.max(0, (claims.expiresAt - REFRESH_MARGIN_S) * 1000 - Date.now());
    const timer = setTimeout(() => {
      refreshTokens(provider, refreshToken)
        .then((tokens) => {
          sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken ?? refreshToken);
          props.onToken(tokens.accessToken);
        })
        .catch((error: Error) => setMessage(`${error.message}: sign in again`));
    }, wait);
    return () => clearTimeout(timer);
  }, [props.token, provider?.issuer]);

  const signIn = () => {
    if (!provider) return;
    beginSignIn(provider, sessionStorage, location)
      .then((url) => location.assign(url))
      .catch((error: Error) => setMessage(error.message));
  };

  const signedIn = Boolean(provider && props.token && sessionStorage.getItem(ID_TOKEN_KEY));
  const leave = () => {
    if (!provider) return;
    signOut(provider, sessionStorage, location)
      .then((url) => {
        props.onToken('');
        if (url) location.assign(url);
      })
      .catch((error: Error) => setMessage(error.message));
  };

  const [picked, setPicked] = useState('');
  const [scope, setScope] = useState('');
  const pick = (key: string, scopes: string) => {
    const entry = config?.development?.entries.find((e) => `${e.audience}|${e.partnerId}|${e.member}` === key);
    if (!entry) return;
    const query = new URLSearchParams({ audience: entry.audience, partner: entry.partnerId, member: entry.member, scope: scopes });
    fetch(`${location.pathname.replace(/\/?$/, '/')}dev-token?${query}`, { credentials: 'omit' })
      .then((response) => response.json() as Promise<{ token?: string; error?: string }>)
      .then((answer) => {
        if (answer.token) {
          sessionStorage.removeItem(REFRESH_KEY);
          sessionStorage.removeItem(ID_TOKEN_KEY);
          props.onToken(answer.token);
        } else setMessage(answer.error ?? 'no token');
      })
      .catch((error: Error) => setMessage(error.message));
  };

  return (
    <>
      {config?.provider?.unreachable ? (
        <span className="passerelle-sign-in-message">The identity provider cannot be reached.</span>
      ) : null}
      {provider && !signedIn ? (
        <button type="button" className="passerelle-sign-in" onClick={signIn}>
          Sign in with {new URL(provider.issuer).host}
        </button>
      ) : null}
      {signedIn ? (
        <button type="button" className="passerelle-sign-in" onClick={leave}>
          Sign out
        </button>
      ) : null}
      {config?.development ? (
        <>
          <select
            aria-label="Seeded audience and institution"
            className="passerelle-picker"
            value={picked}
            onChange={(event) => {
              setPicked(event.target.value);
              pick(event.target.value, scope);
            }}
          >
            <option value="">Development: act as…</option>
            {groupByAudience(config.development.entries).map(([audience, entries]) => (
              <optgroup key={audience} label={audience}>
                {entries.map((e) => (
                  <option key={`${e.audience}|${e.partnerId}|${e.member}`} value={`${e.audience}|${e.partnerId}|${e.member}`}>
                    {e.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <select
            aria-label="Scopes"
            className="passerelle-picker"
            value={scope}
            onChange={(event) => {
              setScope(event.target.value);
              if (picked) pick(picked, event.target.value);
            }}
          >
            <option value="">no scope</option>
            {scopeChoices(config.development.scopes).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {message ? (
        <span className="passerelle-sign-in-message" role="alert">
          {message}
        </span>
      ) : null}
    </>
  );
}

function groupByAudience<T extends { audience: string }>(entries: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const e of entries) groups.set(e.audience, [...(groups.get(e.audience) ?? []), e]);
  return [...groups];
}

/** Each scope alone, and audit:read with audit:dpo (the data-protection officer needs both). */
function scopeChoices(scopes: string[]): string[] {
  const choices = [...scopes];
  if (scopes.includes('audit:read') && scopes.includes('audit:dpo')) choices.push('audit:read audit:dpo');
  return choices;
}
