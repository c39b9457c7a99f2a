// Reading CSV files as French Excel writes them, for every import of the console (regulators, directory): the
// encoding (UTF-8 with or without BOM, else Windows-1252), the separator, RFC 4180 records, the formula guard
// export adds, and French reasons for schema issues.
import type { z } from 'zod';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';
export type CsvDelimiter = ';' | ',' | '\t';

// ---------------------------------------------------------------------------------------------- decoding

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. Decoding by table rather than with
// TextDecoder('windows-1252') because that label needs ICU data that not every Node build carries.
// The five undefined bytes map to the C1 controls of the same value, as the WHATWG decoder does.
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    for (const b of bytes.subarray(start, start + CHUNK)) codes.push(b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b);
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/**
 * Text of a CSV file: UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252, which is what
 * Excel writes for "CSV (séparateur: point-virgule)" on a French Windows.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // The BOM says UTF-8: a stray invalid byte becomes U+FFFD rather than switching the whole file to 1252.
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// ----------------------------------------------------------------------------------------------- parsing

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
  /** A quoted field ran to the end of the file: everything after its opening quote is in that field. */
  unterminatedQuote: boolean;
}

/** RFC 4180 records: quoted fields, doubled quotes, CR, LF or CRLF, line breaks inside quotes. */
export function parseCsv(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let atFieldStart = true;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const ch = text[i];
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            i++;
          }
          continue;
        }
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
        i++;
      } else if (ch === '"' && atFieldStart) {
        inQuotes = true;
        atFieldStart = false;
        i++;
      } else if (ch === delimiter) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        // Text after a closing quote or a quote inside an unquoted field is kept as is, as Excel does.
        field += ch;
        atFieldStart = false;
        i++;
      }
    }
    fields.push(field);
    records.push({ line: start, fields, unterminatedQuote: inQuotes });
  }
  return records;
}

// csvField prefixes a cell Excel would run as a formula with `'`. Import drops one `'` from any run of them
// before a formula character, and export adds one to a value that already has that shape,
// so that a name such as `'=x` survives the round trip instead of losing its apostrophe.
const FORMULA_GUARDED = /^'+[=+\-@\t\r]/;

export function unguard(cell: string): string {
  return FORMULA_GUARDED.test(cell) ? cell.slice(1) : cell;
}

export function guardAgain(value: string | null): string | null {
  return value !== null && FORMULA_GUARDED.test(value) ? `'${value}` : value;
}

/** The separator of a file as Excel writes it: a `sep=` first line names it; else the first line tells. */
export function detectDelimiter(text: string): { delimiter: CsvDelimiter; sepLine: boolean } {
  const firstLine = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  // Excel honours a first line `sep=;` and writes one when asked: it names the separator outright.
  const sep = /^sep=(.)\s*$/i.exec(firstLine);
  if (sep && (sep[1] === ';' || sep[1] === ',' || sep[1] === '\t')) return { delimiter: sep[1], sepLine: true };
  if (firstLine.includes(';')) return { delimiter: ';', sepLine: false };
  if (firstLine.includes('\t')) return { delimiter: '\t', sepLine: false };
  if (firstLine.includes(',')) return { delimiter: ',', sepLine: false };
  return { delimiter: ';', sepLine: false };
}

/** French reason for a schema issue; zod's own messages are English except those the schema sets. */
export function csvIssueReason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return 'valeur obligatoire';
    case 'too_big':
      return `${String(issue.maximum)} caractères au plus`;
    case 'invalid_format':
      return issue.message;
    default:
      return 'valeur invalide';
  }
}
