import { InvalidatedCache, type ChangeListener } from './invalidation';
import { scopeKeyPrefix } from './scope';

/** A listener stand-in: listening or not, sync answering as told, resets on demand. */
function fakeListener(listening: boolean) {
  const resets: (() => void)[] = [];
  const fake = {
    listening,
    epoch: 1,
    sync: async () => fake.listening,
    onReset: (r: () => void) => resets.push(r),
    reset() {
      fake.epoch += 1;
      resets.forEach((r) => r());
    },
  };
  return fake;
}

describe('InvalidatedCache', () => {
  it('without a listener, or with one not listening, computes every time and stores nothing', async () => {
    for (const listener of [null, fakeListener(false)]) {
      const cache = new InvalidatedCache<number>(listener as unknown as ChangeListener, { ttlMs: 60_000, maxEntries: 10 });
      let n = 0;
      expect([await cache.get('k', async () => ++n), await cache.get('k', async () => ++n)]).toEqual([1, 2]);
      expect(cache.size).toBe(0);
    }
  });

  it('serves a hit while listening; invalidate drops by prefix; a reset drops everything', async () => {
    const listener = fakeListener(true);
    const cache = new InvalidatedCache<string>(listener as unknown as ChangeListener, { ttlMs: 60_000, maxEntries: 10 });
    let n = 0;
    const get = (key: string) => cache.get(key, async () => `${key}#${++n}`);
    expect(await get('p1|a')).toBe('p1|a#1');
    expect(await get('p1|a')).toBe('p1|a#1');
    expect(await get('p2|a')).toBe('p2|a#2');
    cache.invalidate('p1|');
    expect(await get('p1|a')).toBe('p1|a#3');
    expect(await get('p2|a')).toBe('p2|a#2');
    listener.reset();
    expect(await get('p2|a')).toBe('p2|a#4');
  });

  it('a hit is not served when the sync round trip fails (the listener was lost meanwhile)', async () => {
    const listener = fakeListener(true);
    const cache = new InvalidatedCache<number>(listener as unknown as ChangeListener, { ttlMs: 60_000, maxEntries: 10 });
    let n = 0;
    await cache.get('k', async () => ++n);
    listener.sync = async () => false;
    expect(await cache.get('k', async () => ++n)).toBe(2);
  });

  it('a failed computation is not remembered', async () => {
    const cache = new InvalidatedCache<number>(fakeListener(true) as unknown as ChangeListener, { ttlMs: 60_000, maxEntries: 10 });
    await expect(cache.get('k', async () => Promise.reject(new Error('peer down')))).rejects.toThrow('peer down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });
});

describe('scopeKeyPrefix', () => {
  it('names one institution’s slice, an audience’s slices, or every slice', () => {
    expect(scopeKeyPrefix('school:abc')).toBe('school|abc|');
    expect(scopeKeyPrefix('prosecutor:*')).toBe('prosecutor|');
    expect(scopeKeyPrefix('*')).toBe('');
    expect(scopeKeyPrefix('')).toBe('');
  });
});
