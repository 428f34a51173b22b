import { cacheDay, InvalidatedCache, type ChangeListener } from './invalidation';
import { joinedChild, scopeKeyPrefix } from './scope';

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

  describe('with refreshAfterMs', () => {
    let now = 0;
    beforeEach(() => {
      now = 1_000_000;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
    });
    afterEach(() => jest.restoreAllMocks());
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const options = { ttlMs: 30_000, maxEntries: 10, refreshAfterMs: 15_000 };

    it('serves an entry past refreshAfterMs and recomputes it beside the request, once at a time', async () => {
      const cache = new InvalidatedCache<number>(fakeListener(true) as unknown as ChangeListener, options);
      let n = 0;
      const get = () => cache.get('k', async () => ++n);
      expect(await get()).toBe(1);
      now += 16_000;
      expect(await get()).toBe(1);
      await settle();
      expect(n).toBe(2);
      expect(await get()).toBe(2);
      // The refreshed entry's bound counts from its recomputation: 29 s later it is still served.
      now += 29_000;
      expect(await get()).toBe(2);
    });

    it('starts one recomputation at a time, however many hits meanwhile', async () => {
      const cache = new InvalidatedCache<number>(fakeListener(true) as unknown as ChangeListener, options);
      let started = 0;
      let release: (v: number) => void = () => undefined;
      expect(await cache.get('k', async () => 1)).toBe(1);
      now += 16_000;
      const slow = () => {
        started += 1;
        return new Promise<number>((resolve) => (release = resolve));
      };
      expect([await cache.get('k', slow), await cache.get('k', slow), await cache.get('k', slow)]).toEqual([1, 1, 1]);
      expect(started).toBe(1);
      release(2);
      await settle();
      expect(await cache.get('k', slow)).toBe(2);
    });

    it('never serves an entry past ttlMs, refreshed or not', async () => {
      const cache = new InvalidatedCache<number>(fakeListener(true) as unknown as ChangeListener, options);
      let n = 0;
      expect(await cache.get('k', async () => ++n)).toBe(1);
      now += 30_000;
      expect(await cache.get('k', async () => ++n)).toBe(2);
    });

    it('throws away a recomputation whose entry a notification or a reset dropped meanwhile', async () => {
      for (const drop of ['invalidate', 'reset'] as const) {
        const listener = fakeListener(true);
        const cache = new InvalidatedCache<string>(listener as unknown as ChangeListener, options);
        let release: (v: string) => void = () => undefined;
        expect(await cache.get('p|k', async () => 'old')).toBe('old');
        now += 16_000;
        expect(await cache.get('p|k', () => new Promise<string>((resolve) => (release = resolve)))).toBe('old');
        if (drop === 'invalidate') cache.invalidate('p|');
        else listener.reset();
        release('computed before the change');
        await settle();
        expect([drop, await cache.get('p|k', async () => 'after the change')]).toEqual([drop, 'after the change']);
      }
    });

    it('keeps the entry when a recomputation fails, and tries again at the next hit', async () => {
      const cache = new InvalidatedCache<number>(fakeListener(true) as unknown as ChangeListener, options);
      expect(await cache.get('k', async () => 1)).toBe(1);
      now += 16_000;
      expect(await cache.get('k', async () => Promise.reject(new Error('peer down')))).toBe(1);
      await settle();
      expect(await cache.get('k', async () => 3)).toBe(1);
      await settle();
      expect(await cache.get('k', async () => 4)).toBe(3);
    });
  });
});

describe('InvalidatedCache.amend', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const newCache = () => new InvalidatedCache<string[]>(fakeListener(true) as unknown as ChangeListener, { ttlMs: 60_000, maxEntries: 10 });
  const add = (id: string) => (ids: string[]) => (ids.includes(id) ? ids : [...ids, id]);

  it('patches the settled entries it concerns, under the prefix only, and leaves the others', async () => {
    const cache = newCache();
    let n = 0;
    const get = (key: string) => cache.get(key, async () => [`${key}#${++n}`]);
    await get('t|a');
    await get('t|b');
    await get('u|a');
    await settle();
    cache.amend('t|', (key) => key.endsWith('a'), add('x'));
    expect(await get('t|a')).toEqual(['t|a#1', 'x']);
    expect(await get('t|b')).toEqual(['t|b#2']);
    expect(await get('u|a')).toEqual(['u|a#3']);
    // Twice the same change: the entry holds it once.
    cache.amend('t|', () => true, add('x'));
    expect(await get('t|a')).toEqual(['t|a#1', 'x']);
    expect(n).toBe(3);
  });

  it('drops an entry still being computed (its answer may not have seen the change): the next request computes anew', async () => {
    const cache = newCache();
    let release: (v: string[]) => void = () => undefined;
    const first = cache.get('t|a', () => new Promise<string[]>((resolve) => (release = resolve)));
    cache.amend('t|', () => true, add('x'));
    release(['computed before the change']);
    expect(await first).toEqual(['computed before the change']);
    expect(await cache.get('t|a', async () => ['after', 'x'])).toEqual(['after', 'x']);
  });

  it('keeps the entry’s bound: an amended entry is not served past ttlMs', async () => {
    let now = 1_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const cache = newCache();
      await cache.get('t|a', async () => ['a']);
      await settle();
      now += 50_000;
      cache.amend('t|', () => true, add('x'));
      expect(await cache.get('t|a', async () => ['recomputed'])).toEqual(['a', 'x']);
      now += 10_001;
      expect(await cache.get('t|a', async () => ['recomputed'])).toEqual(['recomputed']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('scopeKeyPrefix', () => {
  it('names one institution’s slice, an audience’s slices, or every slice', () => {
    expect(scopeKeyPrefix('school:abc')).toBe('school|abc|');
    expect(scopeKeyPrefix('prosecutor:*')).toBe('prosecutor|');
    expect(scopeKeyPrefix('*')).toBe('');
    expect(scopeKeyPrefix('')).toBe('');
  });

  it('drops every département part for a child created whose notification cannot be read', () => {
    expect(scopeKeyPrefix('department:joined:75056')).toBe('department|');
    expect(scopeKeyPrefix('department:joined:nope:nope')).toBe('department|');
  });
});

describe('joinedChild', () => {
  const id = '5d0f6a43-8a3b-4a8e-9d4e-1f2a3b4c5d6e';
  it('reads a child created in a commune (cases’ insert trigger)', () => {
    expect(joinedChild(`department:joined:44109:${id}`)).toEqual({ commune: '44109', child: id });
    expect(joinedChild(`department:joined:2A004:${id.toUpperCase()}`)).toEqual({ commune: '2A004', child: id });
  });
  it('reads nothing else, nor a malformed one (then the département’s parts are dropped)', () => {
    for (const payload of ['department:*', 'department:member', 'school:abc', `department:joined:4410:${id}`, `department:joined:44109:not-an-id`, `department:joined:44109:${id}:more`, 'department:joined:']) {
      expect([payload, joinedChild(payload)]).toEqual([payload, null]);
    }
  });
});

describe('cacheDay', () => {
  it("is the day in France, turning at Paris midnight (winter and summer) and not a minute sooner", () => {
    const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
    // Winter (UTC+1): midnight in Paris is 23:00 UTC; summer (UTC+2): 22:00 UTC.
    expect(cacheDay(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(cacheDay(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(cacheDay(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(cacheDay(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
    // Across both daylight-saving changes of 2026, minute by minute, in and out of order.
    for (const start of ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z']) {
      const t0 = Date.parse(start);
      for (let m = 0; m < 36 * 60; m += 7) {
        const at = new Date(t0 + m * 60_000 + (m % 3) * 20_000);
        expect(cacheDay(at)).toBe(paris.format(at));
        const earlier = new Date(at.getTime() - 86_400_000);
        expect(cacheDay(earlier)).toBe(paris.format(earlier));
      }
    }
  });
});
