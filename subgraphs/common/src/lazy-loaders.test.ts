import { lazyLoaders } from './loaders';

describe('lazyLoaders', () => {
  const groupsCounting = (built: string[]) => ({
    child: () => (built.push('child'), { childById: { group: 'child' }, childrenByTeam: { group: 'child' } }),
    measure: () => (built.push('measure'), { measuresByChild: { group: 'measure' } }),
    plan: () => (built.push('plan'), { plansByChild: { group: 'plan' } }),
  });

  it('builds a group only when one of its loaders is first asked for, once per request', () => {
    const owners = new Map<string, string>();
    const built: string[] = [];
    const loaders = lazyLoaders(owners, groupsCounting(built));
    expect(built).toEqual([]);
    expect(loaders.measuresByChild).toEqual({ group: 'measure' });
    const first = loaders.measuresByChild;
    expect(loaders.measuresByChild).toBe(first);
    // Learning where `measuresByChild` lives built the groups before it, in order.
    expect(built).toEqual(['child', 'measure']);
    expect(loaders.childrenByTeam).toEqual({ group: 'child' });
    expect(built).toEqual(['child', 'measure']);
  });

  it('once learnt, builds exactly the group that holds the loader, and nothing is shared between requests', () => {
    const owners = new Map<string, string>();
    const first = lazyLoaders(owners, groupsCounting([]));
    void first.plansByChild; // learns every group's names
    const built: string[] = [];
    const second = lazyLoaders(owners, groupsCounting(built));
    expect(second.plansByChild).toEqual({ group: 'plan' });
    expect(built).toEqual(['plan']);
    expect(second.plansByChild).not.toBe(first.plansByChild);
  });

  it('answers `in`, keys and spreading as the whole object would', () => {
    const loaders = lazyLoaders(new Map(), groupsCounting([]));
    expect('measuresByChild' in loaders).toBe(true);
    expect('nothing' in loaders).toBe(false);
    expect(Object.keys(loaders).sort()).toEqual(['childById', 'childrenByTeam', 'measuresByChild', 'plansByChild']);
    expect({ ...loaders }.plansByChild).toEqual({ group: 'plan' });
    expect((loaders as Record<string, unknown>).nothing).toBeUndefined();
  });

  it('refuses two groups with a loader of the same name (the spread let the later one win, silently)', () => {
    const loaders = lazyLoaders(new Map(), { a: () => ({ same: 1 }), b: () => ({ same: 2, other: 3 }) });
    expect(loaders.same).toBe(1);
    expect(() => loaders.other).toThrow('loader same is in two groups, a and b');
  });
});
