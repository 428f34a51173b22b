import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 12: the suite runs on loaded two-core machines. A file's setup (a test stack, a
 * seed, a database) must never run under the per-test timeout (jest's testTimeout, 60 s, applies to
 * hooks without a timeout of their own): every beforeAll of an e2e file says its own, generous one.
 */

const TEST_ROOT = __dirname;

function e2eFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'support' || entry.name === 'artifacts' ? [] : e2eFiles(full);
    return entry.name.endsWith('.e2e.ts') ? [full] : [];
  });
}

/** Each `beforeAll(` call of `source`: its line and its full text up to the matching parenthesis. */
export function hookCalls(source: string, hook = 'beforeAll'): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const pattern = new RegExp(`\\b${hook}\\(`, 'g');
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    let depth = 1;
    let i = match.index + match[0].length;
    let quote: string | null = null;
    for (; i < source.length && depth > 0; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === '/' && source[i + 1] === '/') {
        i = source.indexOf('\n', i); // a line comment (its apostrophes are not quotes)
        if (i < 0) i = source.length;
      } else if (c === '/' && source[i + 1] === '*') {
        i = source.indexOf('*/', i + 2) + 1;
        if (i <= 0) i = source.length;
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    out.push({ line: source.slice(0, match.index).split('\n').length, text: source.slice(match.index, i) });
  }
  return out;
}

/** The timeout a hook call gives itself, in ms (a number, or SETUP_TIMEOUT_MS), or null. */
export function hookTimeout(text: string): number | null {
  const last = /\}\s*,\s*([A-Z_][A-Z0-9_]*|[\d_]+(?:\s*\*\s*[\d_]+)*)\s*,?\s*\)$/.exec(text)?.[1];
  if (!last) return null;
  if (last === 'SETUP_TIMEOUT_MS') return SETUP_TIMEOUT_MS;
  if (!/^[\d_\s*]+$/.test(last)) return null;
  return last.split('*').reduce((product, factor) => product * Number(factor.replace(/[_\s]/g, '')), 1);
}

describe('e2e setups are not bound by the per-test timeout', () => {
  it('reads a hook’s own timeout', () => {
    expect(hookTimeout('beforeAll(async () => { await go(); })')).toBeNull();
    expect(hookTimeout('beforeAll(async () => { await go(1, 2); })')).toBeNull();
    expect(hookTimeout('beforeAll(async () => { await go(); }, 180_000)')).toBe(180_000);
    expect(hookCalls("beforeAll(async () => {\n  // the client's sockets\n  await go(')');\n}, SETUP_TIMEOUT_MS);")[0]!.text).toMatch(/SETUP_TIMEOUT_MS\)$/);
    expect(hookTimeout('beforeAll(async () => {\n  await go();\n}, SETUP_TIMEOUT_MS)')).toBe(SETUP_TIMEOUT_MS);
  });

  it('every beforeAll of every e2e file has a timeout of its own, of two minutes at least', () => {
    const missing: string[] = [];
    for (const file of e2eFiles(TEST_ROOT)) {
      for (const call of hookCalls(readFileSync(file, 'utf8'))) {
        const timeout = hookTimeout(call.text);
        if (timeout === null || timeout < 120_000) missing.push(`${path.relative(TEST_ROOT, file)}:${call.line} (${timeout ?? 'no timeout'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
