/**
 * A small CSV reader for the files départements actually receive: RFC 4180 quoting (a quoted
 * field may hold separators, doubled quotes and line breaks), a header row, UTF-8 with or
 * without a byte-order mark, and `;` or `,` as the separator — French spreadsheet exports use
 * `;` because `,` is the decimal mark. Line numbers are those a person sees in an editor.
 */

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  values: string[];
}

export interface CsvTable {
  separator: ',' | ';';
  header: string[];
  /** Records after the header; blank lines are skipped. */
  records: CsvRecord[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Bytes → text: UTF-8 only (a Latin-1 export is refused rather than silently garbled), BOM dropped. */
export function decodeUtf8(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvError(1, 'the file is not UTF-8 text (re-export it as "CSV UTF-8")');
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** `;` or `,`: whichever appears more often outside quotes on the header line (`,` on a tie). */
export function detectSeparator(text: string): ',' | ';' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Splits text into records of fields. Throws CsvError on an unterminated or misplaced quote. */
export function parseRecords(text: string, separator: ',' | ';'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, values: fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field.trim() === '') {
      // A quoted field: read to the closing quote; "" is a quote; line breaks are data.
      const openedOn = line;
      field = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(openedOn, 'a quoted field is never closed');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      // After the closing quote: spaces, then a separator or the end of the record.
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i < text.length && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvError(line, `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`);
      }
      continue;
    }
    if (ch === separator) {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (ch === '"') {
      throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Header row then records; the separator is detected unless given. */
export function parseCsv(text: string, separator?: ',' | ';'): CsvTable {
  const sep = separator ?? detectSeparator(text);
  const [header, ...records] = parseRecords(text, sep);
  if (!header) throw new CsvError(1, 'the file is empty: a header row is expected');
  return { separator: sep, header: header.values.map((h) => h.trim()), records };
}
