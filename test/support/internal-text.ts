/**
 * What must never reach a client (issue 12, item 5): a subgraph's URL, PostgreSQL's or the
 * driver's text, SQL, a stack trace. Matched against the raw text of an answer.
 */
export const INTERNAL_TEXTS: readonly [string, RegExp][] = [
  ['a subgraph URL', /\b(localhost|127\.0\.0\.1|\[::1\]):\d+/i],
  ["PostgreSQL's encoding error", /invalid byte sequence/i],
  ["PostgreSQL's relation error", /relation "/i],
  ['a PostgreSQL error', /syntax error at or near|violates (not-null|check|unique|foreign key) constraint|invalid input syntax for|value too long for type|out of range for type|column "|QueryFailedError|\bSQLSTATE\b/i],
  ['SQL text', /\b(SELECT\s+[\w"*]|INSERT INTO|UPDATE\s+"?\w+"?\s+SET|DELETE FROM)\b/],
  ['a stack trace', /\n\s+at |\bat \S+ \(.*:\d+:\d+\)|"stacktrace"/],
  ['a wrapped subgraph answer', /"response":\s*\{|\d{3}: (Bad Request|Internal Server Error)/],
];

/** The names of the internal texts found in `text` (empty: none). */
export function internalTexts(text: string): string[] {
  return INTERNAL_TEXTS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}
