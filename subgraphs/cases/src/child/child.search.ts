/**
 * The accent- and case-insensitive form of a name, computed in application code rather than
 * with PostgreSQL's `unaccent` (an extension not every server has): "Léa, Hélène HERVÉ" →
 * "lea helene herve". Stored in `child.search_name` and applied to the query the same way.
 */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The stored search key of a child: first names then family name. */
export function searchKey(firstNames: string, lastName: string): string {
  return normaliseName(`${firstNames} ${lastName}`);
}

/** The words of a search, each of which must start a word of the child's name. */
export function searchWords(query: string): string[] {
  return normaliseName(query).split(' ').filter((w) => w.length > 0);
}
