// Import and export of the regulator registry as CSV for French Excel. Operators keep these lists in Excel,
// so import must take whatever Excel writes (UTF-8 with or without BOM, Windows-1252, `;` or another
// separator, quoted cells) and export must give back a file that re-imports to the same registry.
import { CSV_BOM, csvLine } from '../export/csv';
import { type CsvDelimiter, type CsvEncoding, type CsvRecord, csvIssueReason, decodeCsv, detectDelimiter, guardAgain, parseCsv, unguard } from '../csv/csv-import';
import { shown } from '../fhir/json';
import { regulatorInputSchema, type Regulator, type RegulatorInput } from './regulator-types';

export const REGULATOR_CSV_COLUMNS = ['identifiant_technique', 'identifiant_national', 'nom', 'prenom', 'email', 'habilitation', 'samu'] as const;
export type RegulatorCsvColumn = (typeof REGULATOR_CSV_COLUMNS)[number];

/** Well above the 3,500 accounts the IG expects at target: a bigger file is a mistake, not a registry. */
export const REGULATOR_CSV_MAX_RECORDS = 20_000;

export type { CsvDelimiter, CsvEncoding };

export interface RegulatorCsvRow {
  /** 1-based line of the record's start in the file. */
  line: number;
  /** Null when the row has errors. */
  input: RegulatorInput | null;
  /** French, naming the line, the column and what to fix. */
  errors: string[];
  /** The cells as read (formula guard removed), keyed by canonical column name. */
  raw: Record<string, string>;
}

export interface RegulatorCsvResult {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Problems that stop the whole import; `rows` is then empty. */
  headerErrors: string[];
  warnings: string[];
  rows: RegulatorCsvRow[];
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ';': '« ; »', ',': '« , » (virgule)', '\t': 'tabulation' };

// ----------------------------------------------------------------------------------------------- headers

type Field = keyof RegulatorInput;

const COLUMN_FIELDS: Record<RegulatorCsvColumn, Field> = {
  identifiant_technique: 'technicalId',
  identifiant_national: 'nationalId',
  nom: 'familyName',
  prenom: 'givenName',
  email: 'email',
  habilitation: 'active',
  samu: 'samu',
};

const REQUIRED_COLUMNS: readonly RegulatorCsvColumn[] = ['nom', 'prenom', 'email'];

/** Case-, accent-, space-, underscore- and hyphen-insensitive form of a header. */
function headerKey(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

const HEADER_ALIASES = new Map<string, RegulatorCsvColumn>();
for (const column of REGULATOR_CSV_COLUMNS) HEADER_ALIASES.set(headerKey(column), column);
for (const [alias, column] of [
  ['technical_id', 'identifiant_technique'],
  ['national_id', 'identifiant_national'],
  ['family_name', 'nom'],
  ['given_name', 'prenom'],
  ['mail', 'email'],
  ['e-mail', 'email'],
  ['active', 'habilitation'],
] as const) {
  HEADER_ALIASES.set(headerKey(alias), column);
}

interface HeaderMap {
  /** Field index in a record → canonical column. */
  columns: Map<number, RegulatorCsvColumn>;
  /** Canonical column → the header as the operator wrote it, which is what errors quote. */
  labels: Map<RegulatorCsvColumn, string>;
  /** Number of header cells: a filled cell beyond them means a separator or quote went wrong. */
  width: number;
}

function readHeader(fields: readonly string[], errors: string[], warnings: string[]): HeaderMap {
  const columns = new Map<number, RegulatorCsvColumn>();
  const labels = new Map<RegulatorCsvColumn, string>();
  const firstIndex = new Map<RegulatorCsvColumn, number>();
  fields.forEach((rawHeader, index) => {
    const label = rawHeader.trim();
    if (label === '') return;
    const column = HEADER_ALIASES.get(headerKey(label));
    if (!column) {
      warnings.push(`Colonne « ${label} » inconnue : elle est ignorée.`);
      return;
    }
    const first = firstIndex.get(column);
    if (first !== undefined) {
      errors.push(`Colonne « ${column} » présente deux fois (colonnes ${first + 1} et ${index + 1}) : n'en gardez qu'une.`);
      return;
    }
    firstIndex.set(column, index);
    columns.set(index, column);
    labels.set(column, label);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!labels.has(column)) {
      errors.push(`Colonne obligatoire « ${column} » absente. En-têtes attendus : ${REGULATOR_CSV_COLUMNS.join(';')}.`);
    }
  }
  return { columns, labels, width: fields.length };
}

// -------------------------------------------------------------------------------------------------- rows

const HABILITATION = new Map<string, boolean>([
  ['oui', true],
  ['o', true],
  ['true', true],
  ['vrai', true],
  ['1', true],
  ['actif', true],
  ['non', false],
  ['n', false],
  ['false', false],
  ['faux', false],
  ['0', false],
  ['inactif', false],
]);

function quoted(value: string): string {
  return `"${shown(value, 80)}"`;
}

const FIELD_COLUMNS = new Map<Field, RegulatorCsvColumn>(Object.entries(COLUMN_FIELDS).map(([c, f]) => [f, c as RegulatorCsvColumn]));

function readRow(record: CsvRecord, header: HeaderMap): RegulatorCsvRow {
  const errors: string[] = [];
  const raw: Record<string, string> = {};
  const at = (column: RegulatorCsvColumn) => `Ligne ${record.line}, colonne ${header.labels.get(column) ?? column}`;

  if (record.unterminatedQuote) {
    errors.push(`Ligne ${record.line} : guillemet ouvert jamais refermé, la suite du fichier a été lue comme une seule cellule. Refermez le guillemet.`);
  }
  header.columns.forEach((column, index) => {
    raw[column] = unguard(record.fields[index] ?? '');
  });
  const strayCells = record.fields.slice(header.width).filter((f) => f.trim() !== '').length;
  if (strayCells > 0) {
    errors.push(`Ligne ${record.line} : ${strayCells} cellule(s) remplie(s) au-delà de la dernière colonne : vérifiez les séparateurs et les guillemets.`);
  }

  const cell = (column: RegulatorCsvColumn) => (raw[column] ?? '').trim();
  const habilitation = cell('habilitation');
  const active = habilitation === '' ? true : HABILITATION.get(habilitation.toLowerCase());
  if (active === undefined) errors.push(`${at('habilitation')} : oui ou non attendu (trouvé : ${quoted(habilitation)}).`);

  const candidate = {
    ...(cell('identifiant_technique') === '' ? {} : { technicalId: cell('identifiant_technique') }),
    nationalId: cell('identifiant_national') === '' ? null : cell('identifiant_national'),
    familyName: raw.nom ?? '',
    givenName: raw.prenom ?? '',
    email: raw.email ?? '',
    active: active ?? true,
    samu: cell('samu') === '' ? null : cell('samu'),
  };
  const parsed = regulatorInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = FIELD_COLUMNS.get(issue.path[0] as Field);
      if (!column) {
        errors.push(`Ligne ${record.line} : ${csvIssueReason(issue)}.`);
        continue;
      }
      const value = cell(column);
      errors.push(value === '' ? `${at(column)} : valeur obligatoire (cellule vide).` : `${at(column)} : ${csvIssueReason(issue)} (trouvé : ${quoted(value)}).`);
    }
  }
  return { line: record.line, input: parsed.success && errors.length === 0 ? parsed.data : null, errors, raw };
}

/** Same technical id, national id or e-mail as an earlier row: an error on the later row, naming the first. */
function flagDuplicates(rows: RegulatorCsvRow[], header: HeaderMap): void {
  const keys: [RegulatorCsvColumn, string, (v: string) => string][] = [
    ['identifiant_technique', "l'identifiant technique", (v) => v.toLowerCase()],
    ['identifiant_national', "l'identifiant national", (v) => v],
    ['email', "l'adresse e-mail", (v) => v.toLowerCase()],
  ];
  for (const [column, what, normalise] of keys) {
    const firstLine = new Map<string, number>();
    for (const row of rows) {
      const value = (row.raw[column] ?? '').trim();
      if (value === '') continue;
      const key = normalise(value);
      const first = firstLine.get(key);
      if (first === undefined) {
        firstLine.set(key, row.line);
        continue;
      }
      row.errors.push(`Ligne ${row.line}, colonne ${header.labels.get(column) ?? column} : ${what} ${quoted(value)} figure déjà ligne ${first} (un régulateur par ligne, sans doublon).`);
      row.input = null;
    }
  }
}

/** Reads a regulator registry exported from Excel (or by `regulatorsToCsv`). Never throws. */
export function parseRegulatorCsv(bytes: Uint8Array): RegulatorCsvResult {
  const headerErrors: string[] = [];
  const warnings: string[] = [];
  // Excel's "Texte Unicode" is UTF-16: read as 1252 it would only give a puzzling missing-column error.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    headerErrors.push('Fichier en UTF-16 (« Texte Unicode ») : enregistrez-le depuis Excel en « CSV UTF-8 (délimité par des virgules) » ou « CSV (séparateur: point-virgule) ».');
    return { encoding: 'utf-8', delimiter: ';', headerErrors, warnings, rows: [] };
  }
  const { text, encoding } = decodeCsv(bytes);
  if (encoding === 'windows-1252') {
    warnings.push("Fichier lu en Windows-1252 (il n'était pas en UTF-8) : vérifiez que les accents sont corrects.");
  }
  const { delimiter, sepLine } = detectDelimiter(text);
  if (delimiter !== ';') warnings.push(`Séparateur ${DELIMITER_NAMES[delimiter]} détecté au lieu de « ; » : le fichier a été lu avec ce séparateur.`);

  const records = parseCsv(text, delimiter).filter((r) => !isBlank(r.fields));
  if (sepLine) records.shift();
  const headerRecord = records.shift();
  if (!headerRecord) {
    headerErrors.push(`Fichier vide : la première ligne doit porter les en-têtes ${REGULATOR_CSV_COLUMNS.join(';')}.`);
    return { encoding, delimiter, headerErrors, warnings, rows: [] };
  }
  const header = readHeader(headerRecord.fields, headerErrors, warnings);
  if (records.length > REGULATOR_CSV_MAX_RECORDS) {
    headerErrors.push(`Le fichier contient ${records.length} lignes de régulateurs : ${REGULATOR_CSV_MAX_RECORDS} au plus par import. Découpez-le en plusieurs fichiers.`);
  }
  if (headerErrors.length > 0) return { encoding, delimiter, headerErrors, warnings, rows: [] };

  const rows = records.map((r) => readRow(r, header));
  flagDuplicates(rows, header);
  return { encoding, delimiter, headerErrors, warnings, rows };
}

// ------------------------------------------------------------------------------------------------ export

/** The registry as a French-Excel CSV (BOM, `;`, CRLF, formula guard) that `parseRegulatorCsv` reads back. */
export function regulatorsToCsv(list: readonly Regulator[]): string {
  let out = CSV_BOM + csvLine(REGULATOR_CSV_COLUMNS);
  for (const r of list) {
    const cells = [r.technicalId, r.nationalId, r.familyName, r.givenName, r.email, r.active ? 'oui' : 'non', r.samu];
    out += csvLine(cells.map(guardAgain));
  }
  return out;
}
