import { CsvError, decodeUtf8, detectSeparator, parseCsv } from './csv';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the CSV reader', () => {
  it('reads a header and records separated by commas', () => {
    const table = parseCsv('a,b,c\n1,2,3\n4,5,6\n');
    expect(table.separator).toBe(',');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.records).toEqual([
      { line: 2, values: ['1', '2', '3'] },
      { line: 3, values: ['4', '5', '6'] },
    ]);
  });

  it('detects the semicolon of French exports, even with commas inside the values', () => {
    const text = 'nom;adresse\n"Dupont, Jean";"3, rue de la Paix"\n';
    expect(detectSeparator(text)).toBe(';');
    expect(parseCsv(text).records[0]!.values).toEqual(['Dupont, Jean', '3, rue de la Paix']);
  });

  it('keeps separators, doubled quotes and line breaks inside quotes, and counts lines as an editor does', () => {
    const table = parseCsv('a;b\r\n"x;y";"say ""hi"""\r\n"two\r\nlines";z\r\nlast;one');
    expect(table.records).toEqual([
      { line: 2, values: ['x;y', 'say "hi"'] },
      { line: 3, values: ['two\r\nlines', 'z'] },
      { line: 5, values: ['last', 'one'] },
    ]);
  });

  it('keeps empty fields and skips blank lines without renumbering', () => {
    const table = parseCsv('a,b,c\n,,\n\n1,,3\n');
    expect(table.records).toEqual([
      { line: 2, values: ['', '', ''] },
      { line: 4, values: ['1', '', '3'] },
    ]);
  });

  it('decodes UTF-8 with or without a byte-order mark, and refuses Latin-1', () => {
    expect(decodeUtf8(bytes('\uFEFFcommune\nRezé\n'))).toBe('commune\nRezé\n');
    expect(decodeUtf8(bytes('commune\nRezé\n'))).toBe('commune\nRezé\n');
    expect(() => decodeUtf8(Uint8Array.from([0x52, 0x65, 0x7a, 0xe9]))).toThrow(/not UTF-8/);
  });

  it('reports an unterminated quote at the line where it opened', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nstill open\n')).toThrow(new CsvError(3, 'a quoted field is never closed'));
  });

  it('refuses a quote in the middle of an unquoted field, and text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,ab"c\n')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,"ab"c\n')).toThrow(/line 2: unexpected text after a closing quote/);
  });

  it('needs a header row', () => {
    expect(() => parseCsv('')).toThrow(/header row/);
  });
});
