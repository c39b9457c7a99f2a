// CSV for French Excel: `;` separator, CRLF, UTF-8 BOM, and no cell that Excel would run as a formula.

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes when needed and neutralises formula injection (a leading =, +, -, @, tab or CR gets a `'`). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(CSV_SEPARATOR)}\r\n`;
}
