import { beginSignIn, challengeOf, completeSignIn, type PageHistory, type PageLocation, type ProviderConfig, type TabStorage } from './sign-in';

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
});
