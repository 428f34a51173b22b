import { beginSignIn, challengeOf, completeSignIn, ID_TOKEN_KEY, REFRESH_KEY, signOut, type PageHistory, type PageLocation, type ProviderConfig, type TabStorage } from './sign-in';

/** The explorer's PKCE sign-in, outside a browser (Node has Web Crypto and fetch). */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const CONFIG: ProviderConfig = {
  issuer: 'https://idp.example',
  authorizationEndpoint: 'https://idp.example/authorize',
  tokenEndpoint: 'https://idp.example/token',
  clientId: 'passerelle-explorer',
  scope: 'openid email',
  resource: 'https://passerelle.example/graphql',
};

const at = (href: string) => new URL(href) as PageLocation;

describe('the explorer’s sign-in (Authorization Code + PKCE)', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks for a code with a challenge and a state, and redirects back to the explorer page', async () => {
    const storage = new MemoryStorage() as TabStorage;
    const url = new URL(await beginSignIn(CONFIG, storage, at('https://passerelle.example/explorer?x=1')));
    const pending = JSON.parse(storage.getItem('passerelle.explorer.sign-in')!) as { state: string; verifier: string };
    expect(url.origin + url.pathname).toBe('https://idp.example/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'passerelle-explorer',
      redirect_uri: 'https://passerelle.example/explorer',
      scope: 'openid email',
      state: pending.state,
      code_challenge: await challengeOf(pending.verifier),
      code_challenge_method: 'S256',
      resource: 'https://passerelle.example/graphql',
    });
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a code whose state this tab did not send, and sends nothing to the provider', async () => {
    const storage = new MemoryStorage() as TabStorage;
    await beginSignIn(CONFIG, storage, at('https://passerelle.example/explorer'));
    const replaced: string[] = [];
    const history = { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as PageHistory;
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    await expect(completeSignIn(CONFIG, storage, at('https://passerelle.example/explorer?code=abc&state=forged'), history)).rejects.toThrow(/state mismatch/);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(replaced).toEqual(['/explorer']);
    // The pending sign-in is used once: a second try with the right state finds none.
    expect(storage.getItem('passerelle.explorer.sign-in')).toBeNull();
    fetchSpy.mockRestore();
  });

  it('does nothing on a page the provider did not redirect to', async () => {
    const history = { replaceState: jest.fn() } as PageHistory;
    await expect(completeSignIn(CONFIG, new MemoryStorage() as TabStorage, at('https://passerelle.example/explorer'), history)).resolves.toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
  });

  it('signs out: revokes the refresh token, forgets the tokens, ends the provider’s session and comes back', async () => {
    const storage = new MemoryStorage() as TabStorage;
    storage.setItem(REFRESH_KEY, 'refresh-1');
    storage.setItem(ID_TOKEN_KEY, 'id-1');
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    const config = { ...CONFIG, revocationEndpoint: 'https://idp.example/revoke', endSessionEndpoint: 'https://idp.example/logout' };
    const url = new URL((await signOut(config, storage, at('https://passerelle.example/explorer')))!);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [target, init] = fetchSpy.mock.calls[0]!;
    expect(target).toBe('https://idp.example/revoke');
    expect(Object.fromEntries(new URLSearchParams(String(init!.body)))).toEqual({ token: 'refresh-1', token_type_hint: 'refresh_token', client_id: 'passerelle-explorer' });
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'passerelle-explorer', post_logout_redirect_uri: 'https://passerelle.example/explorer', id_token_hint: 'id-1' });
    expect([storage.getItem(REFRESH_KEY), storage.getItem(ID_TOKEN_KEY)]).toEqual([null, null]);
    fetchSpy.mockRestore();
  });
});
