// Import and export of the practitioner and structure directory as CSV for French Excel, with the house
// conventions of the regulator registry (../regulators/regulator-csv.ts): `;`, UTF-8 with or without BOM or
// Windows-1252 on import, BOM + CRLF + formula guard on export, and per-row errors in French naming the line.
import { directoryEntryInputSchema, type DirectoryEntryInput, type DirectoryKind } from '../api/hub-api';
import { ADELI_PREFIXED, FINESS_PREFIXED, RPPS_PREFIXED, SIRET_PREFIXED } from '../domain/identifiers';
import { CSV_BOM, csvLine } from '../export/csv';
import { shown } from '../fhir/json';
import { type CsvEncoding, type CsvRecord, csvIssueReason, decodeCsv, detectDelimiter, guardAgain, parseCsv, unguard } from '../csv/csv-import';

export type { CsvEncoding };

export const DIRECTORY_CSV_COLUMNS = ['type', 'identifiant', 'nom', 'prenom', 'specialite_r38', 'profession_g15', 'code_postal'] as const;
export type DirectoryCsvColumn = (typeof DIRECTORY_CSV_COLUMNS)[number];

/** Far above the directory's expected size (the practitioners and structures of the editors' answers). */
export const DIRECTORY_CSV_MAX_RECORDS = 50_000;

export interface DirectoryCsvResult {
  /** Valid rows, with the 1-based line where each starts in the file. */
  entries: { line: number; entry: DirectoryEntryInput }[];
  /** In French, naming the line (and the column when there is one); file-level problems are on line 1. */
  errors: { line: number; message: string }[];
  encoding: CsvEncoding;
  /** Data records read (header and blank lines excluded). */
  rows: number;
}

type Field = Exclude<keyof DirectoryEntryInput, 'kind'>;

const COLUMN_FIELDS: Record<Exclude<DirectoryCsvColumn, 'type'>, Field> = {
  identifiant: 'id',
  nom: 'name',
  prenom: 'firstName',
  specialite_r38: 'specialtyCode',
  profession_g15: 'professionCode',
  code_postal: 'postalCode',
};
const FIELD_COLUMNS = new Map<string, DirectoryCsvColumn>(Object.entries(COLUMN_FIELDS).map(([column, field]) => [field, column as DirectoryCsvColumn]));

const KIND_LABELS: Record<DirectoryKind, string> = { practitioner: 'praticien', organization: 'structure' };

// ------------------------------------------------------------------------------------------ cells and header

/** Case-, accent-, space-, underscore- and hyphen-insensitive form, as regulator-csv compares headers. */
function looseKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

const HEADER_KEYS = new Map<string, DirectoryCsvColumn>(DIRECTORY_CSV_COLUMNS.map((c) => [looseKey(c), c]));

const KINDS = new Map<string, DirectoryKind>([
  ['praticien', 'practitioner'],
  ['practitioner', 'practitioner'],
  ['structure', 'organization'],
  ['organization', 'organization'],
  ['organisation', 'organization'],
]);

function quoted(value: string): string {
  return `« ${shown(value, 80)} »`;
}

interface Header {
  /** Field index → canonical column. */
  columns: Map<number, DirectoryCsvColumn>;
  /** Canonical column → the header as written, which messages quote. */
  labels: Map<DirectoryCsvColumn, string>;
  /** Indexes that carry no header: a filled cell there means a separator or a quote went wrong. */
  unnamed: (index: number) => boolean;
}

function readHeader(record: CsvRecord, errors: string[]): Header {
  const columns = new Map<number, DirectoryCsvColumn>();
  const labels = new Map<DirectoryCsvColumn, string>();
  const firstIndex = new Map<DirectoryCsvColumn, number>();
  const unknown: string[] = [];
  record.fields.forEach((raw, index) => {
    const label = raw.trim();
    if (label === '') return;
    const column = HEADER_KEYS.get(looseKey(label));
    if (!column) {
      unknown.push(quoted(label));
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
  const expected = `En-têtes attendus : ${DIRECTORY_CSV_COLUMNS.join(';')}.`;
  if (unknown.length > 0) {
    errors.push(`${unknown.length > 1 ? 'Colonnes inconnues' : 'Colonne inconnue'} : ${unknown.join(', ')}. ${expected}`);
  }
  const missing = DIRECTORY_CSV_COLUMNS.filter((c) => !labels.has(c));
  // Every column is required: an absent one would read as empty cells, and an import would then erase values.
  if (missing.length > 0) {
    errors.push(`${missing.length > 1 ? 'Colonnes obligatoires absentes' : 'Colonne obligatoire absente'} : ${missing.map((c) => `« ${c} »`).join(', ')}. ${expected}`);
  }
  return { columns, labels, unnamed: (index) => !columns.has(index) && (record.fields[index] ?? '').trim() === '' };
}

// -------------------------------------------------------------------------------------------------- rows

// Excel shows long digit strings in scientific notation and saves them that way ("8,10100E+11"): the digits
// are lost, and only the operator can fix the column (format Texte) and type them again.
const SCIENTIFIC = /^\d([.,]\d+)?E\+?\d+$/i;

/** Why an identifier does not fit its kind, or null when it does. */
function idProblem(kind: DirectoryKind, id: string): string | null {
  if (SCIENTIFIC.test(id)) {
    return `Excel a converti l'identifiant en nombre (${quoted(id)}) : mettez la colonne au format Texte et saisissez de nouveau les identifiants.`;
  }
  if (kind === 'practitioner') {
    if (RPPS_PREFIXED.test(id)) return null;
    if (ADELI_PREFIXED.test(id)) return `numéro ADELI (${quoted(id)}) : le message au SAMU n'accepte que le RPPS, 8 + RPPS (12 chiffres) attendu.`;
    if (/^\d{11}$/.test(id)) return `RPPS sans son préfixe (${quoted(id)}) : ajoutez 8 devant (8${id}).`;
    if (SIRET_PREFIXED.test(id) || FINESS_PREFIXED.test(id)) return `identifiant de structure (${quoted(id)}) pour un praticien : vérifiez la colonne type.`;
    return `8 + RPPS (12 chiffres) attendu pour un praticien (trouvé : ${quoted(id)}).`;
  }
  if (SIRET_PREFIXED.test(id) || FINESS_PREFIXED.test(id)) return null;
  if (/^\d{14}$/.test(id)) return `SIRET sans son préfixe (${quoted(id)}) : ajoutez 3 devant (3${id}).`;
  if (/^\d{9}$/.test(id)) return `FINESS sans son préfixe (${quoted(id)}) : ajoutez 1 devant (1${id}).`;
  if (RPPS_PREFIXED.test(id)) return `identifiant de praticien (${quoted(id)}) pour une structure : vérifiez la colonne type.`;
  return `3 + SIRET (15 chiffres) ou 1 + FINESS (10 chiffres) attendu pour une structure (trouvé : ${quoted(id)}).`;
}

interface Row {
  line: number;
  /** Normalised id as read (for duplicates), even when the row has errors. */
  id: string;
  entry: DirectoryEntryInput | null;
  errors: string[];
}

function readRow(record: CsvRecord, header: Header): Row {
  const errors: string[] = [];
  const line = record.line;
  const at = (column: DirectoryCsvColumn) => `Ligne ${line}, colonne ${header.labels.get(column) ?? column}`;

  if (record.unterminatedQuote) {
    errors.push(`Ligne ${line} : guillemet ouvert jamais refermé, la suite du fichier a été lue comme une seule cellule. Refermez le guillemet.`);
  }
  const cells = new Map<DirectoryCsvColumn, string>();
  let stray = 0;
  record.fields.forEach((field, index) => {
    const column = header.columns.get(index);
    if (column) cells.set(column, unguard(field).trim());
    else if (field.trim() !== '' && header.unnamed(index)) stray++;
  });
  if (stray > 0) {
    errors.push(`Ligne ${line} : ${stray} cellule(s) remplie(s) hors des colonnes de l'en-tête : vérifiez les séparateurs et les guillemets.`);
  }
  const cell = (column: DirectoryCsvColumn): string | null => {
    const value = cells.get(column) ?? '';
    return value === '' ? null : value;
  };

  const typeCell = cell('type');
  const kind = typeCell === null ? undefined : KINDS.get(looseKey(typeCell));
  if (typeCell === null) errors.push(`${at('type')} : valeur obligatoire (praticien ou structure).`);
  else if (!kind) errors.push(`${at('type')} : praticien ou structure attendu (trouvé : ${quoted(typeCell)}).`);

  // Spaces inside a number (copied from a PDF or a formatted cell) are not part of it.
  const id = (cell('identifiant') ?? '').replace(/\s+/g, '');
  if (id === '') errors.push(`${at('identifiant')} : valeur obligatoire (cellule vide).`);
  else if (kind) {
    const problem = idProblem(kind, id);
    if (problem) errors.push(`${at('identifiant')} : ${problem}`);
  }

  const candidate = {
    kind: kind ?? 'practitioner',
    id,
    name: cell('nom'),
    firstName: cell('prenom'),
    // TRE_R38 codes are upper case; `sm54` typed by hand means SM54.
    specialtyCode: cell('specialite_r38')?.toUpperCase() ?? null,
    professionCode: cell('profession_g15'),
    postalCode: cell('code_postal'),
  };
  const parsed = directoryEntryInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      // Kind and id were checked above, with messages that say what to do.
      if (field === 'kind' || field === 'id') continue;
      const column = FIELD_COLUMNS.get(field);
      if (!column) {
        errors.push(`Ligne ${line} : ${csvIssueReason(issue)}.`);
        continue;
      }
      errors.push(`${at(column)} : ${csvIssueReason(issue)} (trouvé : ${quoted(cells.get(column) ?? '')}).`);
    }
  }
  return { line, id, entry: parsed.success && errors.length === 0 ? parsed.data : null, errors };
}

// ------------------------------------------------------------------------------------------------ import

/**
 * Reads a directory exported from Excel (or by `directoryToCsv`). `type` is `praticien` or `structure` (also
 * `practitioner`/`organization`); the header row is required, with every column of DIRECTORY_CSV_COLUMNS in
 * any order (case-, accent-insensitive); each row is checked against directoryEntryInputSchema and its id against
 * its kind (8 + RPPS, 3 + SIRET or 1 + FINESS); empty cells are null; a repeated id is an error on the later
 * line. Never throws on bad input.
 */
export function parseDirectoryCsv(bytes: Uint8Array): DirectoryCsvResult {
  // Excel's "Texte Unicode" is UTF-16: read as 1252 it would only give a puzzling header error.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      entries: [],
      errors: [{ line: 1, message: 'Ligne 1 : fichier en UTF-16 (« Texte Unicode ») : enregistrez-le depuis Excel en « CSV UTF-8 (délimité par des virgules) » ou « CSV (séparateur: point-virgule) ».' }],
      encoding: 'utf-8',
      rows: 0,
    };
  }
  const { text, encoding } = decodeCsv(bytes);
  const { delimiter, sepLine } = detectDelimiter(text);
  const records = parseCsv(text, delimiter).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (sepLine) records.shift();
  const headerRecord = records.shift();
  if (!headerRecord) {
    return {
      entries: [],
      errors: [{ line: 1, message: `Ligne 1 : fichier vide, la première ligne doit porter les en-têtes ${DIRECTORY_CSV_COLUMNS.join(';')}.` }],
      encoding,
      rows: 0,
    };
  }
  const headerErrors: string[] = [];
  const header = readHeader(headerRecord, headerErrors);
  if (records.length > DIRECTORY_CSV_MAX_RECORDS) {
    headerErrors.push(`le fichier contient ${records.length} lignes : ${DIRECTORY_CSV_MAX_RECORDS} au plus par import. Découpez-le en plusieurs fichiers.`);
  }
  if (headerErrors.length > 0) {
    const line = headerRecord.line;
    return { entries: [], errors: headerErrors.map((m) => ({ line, message: `Ligne ${line} : ${m}` })), encoding, rows: records.length };
  }

  const rows = records.map((r) => readRow(r, header));
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    if (row.id === '') continue;
    const first = firstLine.get(row.id);
    if (first === undefined) {
      firstLine.set(row.id, row.line);
      continue;
    }
    row.errors.push(
      `Ligne ${row.line}, colonne ${header.labels.get('identifiant') ?? 'identifiant'} : l'identifiant ${quoted(row.id)} figure déjà ligne ${first} (une ligne par praticien ou structure).`,
    );
    row.entry = null;
  }
  return {
    entries: rows.flatMap((r) => (r.entry ? [{ line: r.line, entry: r.entry }] : [])),
    errors: rows.flatMap((r) => r.errors.map((message) => ({ line: r.line, message }))),
    encoding,
    rows: rows.length,
  };
}

// ------------------------------------------------------------------------------------------------ export

/**
 * The directory as a French-Excel CSV: the same columns, `;`, UTF-8 with BOM, CRLF, cells quoted when needed and
 * guarded against formula injection (csvField), which `parseDirectoryCsv` reads back to the same entries.
 */
export function directoryToCsv(entries: readonly DirectoryEntryInput[]): string {
  let out = CSV_BOM + csvLine(DIRECTORY_CSV_COLUMNS);
  for (const e of entries) {
    const cells = [KIND_LABELS[e.kind], e.id, e.name, e.firstName, e.specialtyCode, e.professionCode, e.postalCode];
    out += csvLine(cells.map(guardAgain));
  }
  return out;
}
