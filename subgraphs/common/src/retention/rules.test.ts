import { CHILD_RETENTION_RULES, decide, mergeFacts, ruleFor, type ChildFacts } from './rules';

const facts = (lastContact: string | null, more: Partial<ChildFacts> = {}): ChildFacts => ({ lastContact, open: false, facts: [], ...more });

describe('retention rules', () => {
  it('every family has a source and an archive term; the last one catches every file', () => {
    for (const rule of CHILD_RETENTION_RULES) {
      expect(rule.source.length).toBeGreaterThan(10);
      expect(rule.archive.months).toBeGreaterThan(0);
    }
    expect(CHILD_RETENTION_RULES.at(-1)!.when).toEqual([]);
    expect(new Set(CHILD_RETENTION_RULES.map((r) => r.family)).size).toBe(CHILD_RETENTION_RULES.length);
  });

  it('picks the first family whose facts match, unless a fact excludes it', () => {
    expect(ruleFor(facts('2020-01-01', { facts: ['WARD', 'NO_FOLLOW_UP'] })).family).toBe('WARD_FILE');
    expect(ruleFor(facts('2020-01-01', { facts: ['NO_FOLLOW_UP'] })).family).toBe('CONCERN_NO_ACTION');
    expect(ruleFor(facts('2020-01-01', { facts: ['NO_FOLLOW_UP', 'PLACED'] })).family).toBe('CHILD_CASE');
    expect(ruleFor(facts('2020-01-01')).family).toBe('CHILD_CASE');
  });

  it('keeps an open file whatever its age, and a file with no dated event', () => {
    expect(decide(facts('1990-01-01', { open: true }), '1980-01-01', false, '2026-11-01').action).toBe('KEEP');
    expect(decide(facts(null), '1980-01-01', false, '2026-11-01').action).toBe('KEEP');
  });

  it('archives on the day the active term ends, not the day before', () => {
    expect(decide(facts('2024-11-01'), '2010-01-01', false, '2026-10-31').action).toBe('KEEP');
    expect(decide(facts('2024-11-01'), '2010-01-01', false, '2026-11-01')).toEqual({ action: 'ARCHIVE', family: 'CHILD_CASE' });
    // Already archived: nothing more until the final term.
    expect(decide(facts('2024-11-01'), '2010-01-01', true, '2030-01-01').action).toBe('KEEP');
  });

  it('eliminates a case file 20 years after the later of the last contact and majority', () => {
    // Last contact at 8: kept until 38.
    expect(decide(facts('2000-06-01'), '1992-06-01', true, '2030-05-31').action).toBe('KEEP');
    expect(decide(facts('2000-06-01'), '1992-06-01', true, '2030-06-01')).toEqual({ action: 'PURGE', family: 'CHILD_CASE' });
    // Last contact at 20: 20 years after it.
    expect(decide(facts('2000-06-01'), '1980-06-01', true, '2020-06-01').action).toBe('PURGE');
  });

  it('never eliminates a ward’s file; eliminates a concern-only file after 10 years', () => {
    expect(decide(facts('1990-01-01', { facts: ['WARD'] }), '1985-01-01', true, '2026-11-01').action).toBe('KEEP');
    expect(decide(facts('2016-11-01', { facts: ['NO_FOLLOW_UP'] }), '2010-01-01', true, '2026-11-01')).toEqual({ action: 'PURGE', family: 'CONCERN_NO_ACTION' });
  });

  it('merges what each subgraph knows: the latest contact, open anywhere, every fact', () => {
    expect(mergeFacts([facts('2020-01-01', { facts: ['WARD'] }), undefined, facts('2021-03-01', { open: true, facts: ['PLACED'] })])).toEqual({
      lastContact: '2021-03-01',
      open: true,
      facts: ['PLACED', 'WARD'],
    });
  });
});
