/**
 * The command lines of every `npm run …` tool: one parser, one way to fail. An expected failure
 * (a bad or unknown argument, a missing file or folder, a database not there yet, a platform
 * running when it must not) is a UsageError: one line on standard error, exit code 2, no stack
 * trace. Anything else is a bug and keeps its stack trace (exit code 1).
 */

/** An expected failure of a command: its message is the one line the user reads. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command accepts: each flag's kind (`--name value` or `--name`), and its positional arguments. */
export interface CommandSpec<F extends Record<string, 'string' | 'boolean'>> {
  /** The command as the user types it, for messages: `npm run seed`. */
  command: string;
  /** One line, `--children N [--today YYYY-MM-DD]`. */
  usage: string;
  flags: F;
  /** How many positional arguments (default none). */
  positionals?: { min: number; max: number; name: string };
}

export type ParsedFlags<F extends Record<string, 'string' | 'boolean'>> = {
  [K in keyof F]?: F[K] extends 'string' ? string : true;
};

export interface ParsedCommand<F extends Record<string, 'string' | 'boolean'>> {
  flags: ParsedFlags<F>;
  positionals: string[];
}

/**
 * Parses `argv` against `spec`: `--name value`, `--name=value`, `--flag`, and positionals when the
 * command takes some. Unknown flags, missing values, values given to a switch, repeated flags and
 * unexpected positionals are UsageErrors naming the argument and giving the usage.
 */
export function parseCommand<F extends Record<string, 'string' | 'boolean'>>(spec: CommandSpec<F>, argv: readonly string[]): ParsedCommand<F> {
  const fail = (message: string): never => {
    throw new UsageError(`${spec.command}: ${message} (usage: ${spec.command}${spec.usage ? ` -- ${spec.usage}` : ''})`);
  };
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (!match || !name || !Object.prototype.hasOwnProperty.call(spec.flags, name)) fail(`unknown argument ${arg.split('=')[0]}`);
    if (name! in flags) fail(`--${name} given twice`);
    if (spec.flags[name!] === 'boolean') {
      if (match![2] !== undefined) fail(`--${name} takes no value`);
      flags[name!] = true;
      continue;
    }
    const value = match![2] ?? argv[i + 1];
    if (value === undefined || value === '' || (match![2] === undefined && value.startsWith('--'))) fail(`--${name} needs a value`);
    if (match![2] === undefined) i++;
    flags[name!] = value!;
  }
  const { min, max, name } = spec.positionals ?? { min: 0, max: 0, name: '' };
  if (positionals.length > max) fail(max === 0 ? `unexpected argument ${positionals[0]}` : `one ${name} expected, got ${positionals.length}`);
  if (positionals.length < min) fail(`${name} required`);
  return { flags: flags as ParsedFlags<F>, positionals };
}

/** A whole number flag, from `min`; `fallback` when absent. */
export function integerFlag(spec: { command: string }, name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${spec.command}: --${name} must be a whole number from ${min}, got "${raw}"`);
  }
  return value;
}

/** The oldest Node.js Passerelle runs on (package.json `engines`; a test keeps them equal). */
export const MINIMUM_NODE_VERSION = '20.19.0';

/** Null when `version` (process.version) is at least `minimum`; else the line saying what to do. */
export function nodeVersionProblem(version: string, minimum = MINIMUM_NODE_VERSION): string | null {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) > (b[i] ?? 0)) return null;
    if ((a[i] ?? 0) < (b[i] ?? 0)) {
      return `Passerelle needs Node.js ${minimum} or later (Node 20 LTS), this is ${version}: install Node 20 (see README.md, "Two commands")`;
    }
  }
  return null;
}

/** Stops the process with one line and exit code 2 when this Node.js is too old. */
export function checkNodeVersion(version: string = process.version): void {
  const problem = nodeVersionProblem(version);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(2);
  }
}
