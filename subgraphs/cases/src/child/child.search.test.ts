import { normaliseName, searchKey, searchWords } from './child.search';

describe('accent- and case-free names', () => {
  it('folds accents, case, ligatures and punctuation', () => {
    expect(searchKey('Léa, Maëlys', 'HERVÉ')).toBe('lea maelys herve');
    expect(searchKey('LEA', 'HERVE')).toBe(searchKey('Léa', 'Hervé'));
    expect(normaliseName("Chloé N'Diaye-Le Gall")).toBe('chloe n diaye le gall');
    expect(normaliseName('Œdipe Æsir Straße')).toBe('oedipe aesir strasse');
    expect(normaliseName('Éloi Jégou Aïcha Noé Brémaud Couëron')).toBe('eloi jegou aicha noe bremaud coueron');
  });

  it('splits a search into words and drops what is not a letter or a digit', () => {
    expect(searchWords('  Léa   HERVÉ ')).toEqual(['lea', 'herve']);
    expect(searchWords(' -- ')).toEqual([]);
  });
});
