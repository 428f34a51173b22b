import { integerFlag, MINIMUM_NODE_VERSION, nodeVersionProblem, parseCommand, UsageError } from './cli';

const SPEC = {
  command: 'npm run seed',
  usage: '[--children N] [--keep]',
  flags: { children: 'string', keep: 'boolean' },
} as const;

const refusal = (argv: string[], spec: Parameters<typeof parseCommand>[0] = SPEC) => {
  try {
    parseCommand(spec, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('the shared command-line parser', () => {
  it('reads --name value, --name=value and switches', () => {
    expect(parseCommand(SPEC, ['--children', '5', '--keep']).flags).toEqual({ children: '5', keep: true });
    expect(parseCommand(SPEC, ['--children=7']).flags).toEqual({ children: '7' });
    expect(parseCommand(SPEC, []).flags).toEqual({});
  });

  it('refuses unknown flags, naming them, with the usage, on one line', () => {
    const message = refusal(['--kids', '5']);
    expect(message).toBe('npm run seed: unknown argument --kids (usage: npm run seed -- [--children N] [--keep])');
    expect(message).not.toContain('\n');
    expect(refusal(['--kids=5'])).toContain('unknown argument --kids ');
    expect(refusal(['-k'])).toContain('unknown argument -k');
    expect(refusal(['--__proto__'])).toContain('unknown argument --__proto__');
  });

  it('refuses missing values, values on switches, repeats and stray words', () => {
    expect(refusal(['--children'])).toContain('--children needs a value');
    expect(refusal(['--children', '--keep'])).toContain('--children needs a value');
    expect(refusal(['--keep=yes'])).toContain('--keep takes no value');
    expect(refusal(['--children', '1', '--children', '2'])).toContain('--children given twice');
    expect(refusal(['5'])).toContain('unexpected argument 5');
  });

  it('takes positionals only when the command has some', () => {
    const spec = { command: 'npm run import:partners', usage: 'FILE.csv', flags: {}, positionals: { min: 1, max: 1, name: 'FILE.csv' } } as const;
    expect(parseCommand(spec, ['a.csv']).positionals).toEqual(['a.csv']);
    expect(refusal([], spec)).toContain('FILE.csv required');
    expect(refusal(['a.csv', 'b.csv'], spec)).toContain('one FILE.csv expected, got 2');
    expect(refusal(['a.csv', '--force'], spec)).toContain('unknown argument --force');
  });

  it('reads whole numbers, refusing anything else', () => {
    expect(integerFlag(SPEC, 'children', undefined, 40)).toBe(40);
    expect(integerFlag(SPEC, 'children', '12', 40)).toBe(12);
    for (const bad of ['-1', '1.5', 'five', '', '1e3']) expect(() => integerFlag(SPEC, 'children', bad, 40)).toThrow(UsageError);
    expect(() => integerFlag(SPEC, 'children', '0', 40, 1)).toThrow('--children must be a whole number from 1, got "0"');
  });
});

describe('the Node.js version check at start', () => {
  it('accepts the minimum and anything later', () => {
    expect(nodeVersionProblem(`v${MINIMUM_NODE_VERSION}`)).toBeNull();
    expect(nodeVersionProblem('v20.20.2')).toBeNull();
    expect(nodeVersionProblem('v22.15.0')).toBeNull();
    expect(nodeVersionProblem(process.version)).toBeNull();
  });

  it('refuses an older Node.js with one line saying which version to install', () => {
    for (const old of ['v20.18.3', 'v18.20.4', 'v16.0.0', 'v20.19.0-rc.1'.replace('20.19.0', '20.18.9')]) {
      const problem = nodeVersionProblem(old);
      expect(problem).toContain(`needs Node.js ${MINIMUM_NODE_VERSION} or later`);
      expect(problem).toContain(old);
      expect(problem).not.toContain('\n');
    }
  });
});
