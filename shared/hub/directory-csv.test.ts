import { describe, expect, it } from 'vitest';
import type { DirectoryEntryInput } from '../api/hub-api';
import { DIRECTORY_CSV_COLUMNS, DIRECTORY_CSV_MAX_RECORDS, directoryToCsv, parseDirectoryCsv } from './directory-csv';

const HEADER = DIRECTORY_CSV_COLUMNS.join(';');

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Windows-1252 bytes built by hand: Latin-1 code points as they are, plus the 0x80–0x9F characters used here. */
function cp1252(text: string): Uint8Array {
  const extra: Record<string, number> = { 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92 };
  return Uint8Array.from([...text].map((ch) => {
    if (ch in extra) return extra[ch];
    const code = ch.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`not in the test table: ${ch}`);
    return code;
  }));
}

function practitioner(over: Partial<DirectoryEntryInput> = {}): DirectoryEntryInput {
  return { kind: 'practitioner', id: '810001112223', name: 'LEMOINE', firstName: 'Claire', specialtyCode: 'SM54', professionCode: '10', postalCode: '18000', ...over };
}

function structure(over: Partial<DirectoryEntryInput> = {}): DirectoryEntryInput {
  return { kind: 'organization', id: '312345678900012', name: 'SOS Médecins Tours', firstName: null, specialtyCode: null, professionCode: null, postalCode: '37000', ...over };
}

function parseText(text: string) {
  return parseDirectoryCsv(utf8(text));
}

// ---------------------------------------------------------------------------------------------- round trip

describe('directoryToCsv → parseDirectoryCsv', () => {
  it('writes what French Excel opens: BOM, `;`, CRLF, the header first, one line per entry', () => {
    const csv = directoryToCsv([practitioner(), structure()]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      HEADER,
      'praticien;810001112223;LEMOINE;Claire;SM54;10;18000',
      'structure;312345678900012;SOS Médecins Tours;;;;37000',
      '',
    ]);
  });

  it('reads back exactly what it wrote, awkward values included', () => {
    const entries: DirectoryEntryInput[] = [
      practitioner(),
      practitioner({ id: '810004445556', name: 'N’GUYEN; dit "Minh"', firstName: 'Jean-Éric\nMarie', specialtyCode: null, professionCode: null, postalCode: null }),
      practitioner({ id: '810007778889', name: '=HYPERLINK("http://x")', firstName: '+33 6', specialtyCode: 'SM26', professionCode: '40', postalCode: '20200' }),
      practitioner({ id: '810009990001', name: "'=déjà protégé", firstName: '@moi', specialtyCode: null, professionCode: null, postalCode: '97100' }),
      practitioner({ id: '810009990002', name: '-', firstName: null, specialtyCode: null, professionCode: null, postalCode: null }),
      structure(),
      structure({ id: '1450000012', name: 'CPTS « Loire » ; Orléans', postalCode: null }),
    ];
    const csv = directoryToCsv(entries);
    const back = parseDirectoryCsv(utf8(csv));
    expect(back.errors).toEqual([]);
    expect(back.encoding).toBe('utf-8-bom');
    expect(back.rows).toBe(entries.length);
    expect(back.entries.map((e) => e.entry)).toEqual(entries);
  });

  it('neutralises formula injection on export: no cell starts with = + - @ for Excel', () => {
    const csv = directoryToCsv([practitioner({ name: '=cmd|\' /C calc\'!A0', firstName: '-2+3' }), practitioner({ id: '810004445556', name: '@SUM(A1)', firstName: '+1' })]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe("praticien;810001112223;'=cmd|' /C calc'!A0;'-2+3;SM54;10;18000");
    expect(lines[2]).toBe("praticien;810004445556;'@SUM(A1);'+1;SM54;10;18000");
    for (const line of lines.slice(1, 3)) {
      for (const cell of line.split(';')) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it('writes only the header for an empty directory, which reads back as no entry and no error', () => {
    const csv = directoryToCsv([]);
    expect(csv).toBe(`\uFEFF${HEADER}\r\n`);
    expect(parseDirectoryCsv(utf8(csv))).toEqual({ entries: [], errors: [], encoding: 'utf-8-bom', rows: 0 });
  });
});

// ---------------------------------------------------------------------------------------------- encodings

describe('parseDirectoryCsv — what Excel writes', () => {
  it('reads a Windows-1252 file with accents (Excel "CSV (séparateur: point-virgule)")', () => {
    const file = cp1252(
      `${HEADER}\r\npraticien;810001112223;LEFÈVRE;Zoé Hélène;SM54;10;35000\r\nstructure;1350000017;Centre de santé Cœur d’Armor;;;;22000\r\n`,
    );
    const r = parseDirectoryCsv(file);
    expect(r.encoding).toBe('windows-1252');
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.entry.name, e.entry.firstName])).toEqual([
      ['LEFÈVRE', 'Zoé Hélène'],
      ['Centre de santé Cœur d’Armor', null],
    ]);
  });

  it('reads UTF-8 with and without BOM alike', () => {
    const text = `${HEADER}\npraticien;810001112223;GARÇON;Anaïs;;;\n`;
    const plain = parseText(text);
    const bom = parseDirectoryCsv(utf8(`\uFEFF${text}`));
    expect(plain.encoding).toBe('utf-8');
    expect(bom.encoding).toBe('utf-8-bom');
    expect(bom.entries).toEqual(plain.entries);
    expect(plain.entries[0]).toEqual({
      line: 2,
      entry: { kind: 'practitioner', id: '810001112223', name: 'GARÇON', firstName: 'Anaïs', specialtyCode: null, professionCode: null, postalCode: null },
    });
  });

  it('takes columns in any order, headers in any case and with accents, types in English too', () => {
    const r = parseText('Code Postal;Prénom;NOM;Identifiant;TYPE;Spécialité R38;profession-G15\n37000;;SOS Tours;312345678900012;Organization;;\n18000;Claire;LEMOINE;810001112223;Practitioner;sm54;10\n');
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.entry)).toEqual([structure({ name: 'SOS Tours' }), practitioner()]);
  });

  it('follows a `sep=` first line and a comma-separated file', () => {
    const sep = parseText(`sep=,\n${DIRECTORY_CSV_COLUMNS.join(',')}\nstructure,1450000012,"CPTS Loire, Orléans",,,,45000\n`);
    expect(sep.errors).toEqual([]);
    expect(sep.entries[0]).toMatchObject({ line: 3, entry: { name: 'CPTS Loire, Orléans' } });
  });

  it('refuses UTF-16 ("Texte Unicode") with a message saying how to save the file', () => {
    const r = parseDirectoryCsv(Uint8Array.from([0xff, 0xfe, 0x74, 0x00]));
    expect(r.entries).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('UTF-16') }]);
  });
});

// ------------------------------------------------------------------------------------------------- errors

describe('parseDirectoryCsv — errors', () => {
  it('reports each bad row with its line and column, and keeps the good ones', () => {
    const r = parseText(
      [
        HEADER,
        'praticien;810001112223;LEMOINE;Claire;SM54;10;18000', // 2: fine
        'medecin;810004445556;NGUYEN;Minh;;;', // 3: unknown type
        'praticien;0187654321;ADELI;Paul;;;', // 4: ADELI
        'praticien;10004445556;SANSPREFIXE;;;;', // 5: raw RPPS
        'structure;12345678900012;SANSPREFIXE;;;;', // 6: raw SIRET
        'structure;810007778889;PRATICIEN;;;;', // 7: practitioner id as a structure
        'praticien;810009990001;;;SM-54;médecin;3500', // 8: bad codes and postal code
        ';810009990002;SANS TYPE;;;;', // 9: no type
        'praticien;;SANS ID;;;;', // 10: no id
        'praticien;8,10001E+11;EXCEL;;;;', // 11: scientific notation
        '', // blank lines are skipped, and still counted in line numbers
        'structure;1450000012;CPTS;;;;45000', // 13: fine
      ].join('\r\n'),
    );
    expect(r.rows).toBe(11);
    expect(r.entries.map((e) => [e.line, e.entry.id])).toEqual([
      [2, '810001112223'],
      [13, '1450000012'],
    ]);
    const byLine = (line: number) => r.errors.filter((e) => e.line === line).map((e) => e.message);
    expect(byLine(3)).toEqual(['Ligne 3, colonne type : praticien ou structure attendu (trouvé : « medecin »).']);
    expect(byLine(4)).toEqual([expect.stringMatching(/^Ligne 4, colonne identifiant : numéro ADELI .*RPPS/)]);
    expect(byLine(5)).toEqual([expect.stringMatching(/^Ligne 5, colonne identifiant : RPPS sans son préfixe .*ajoutez 8 devant \(810004445556\)/)]);
    expect(byLine(6)).toEqual([expect.stringMatching(/^Ligne 6, colonne identifiant : SIRET sans son préfixe .*\(312345678900012\)/)]);
    expect(byLine(7)).toEqual([expect.stringMatching(/^Ligne 7, colonne identifiant : identifiant de praticien .* pour une structure/)]);
    expect(byLine(8)).toEqual([
      'Ligne 8, colonne specialite_r38 : code TRE_R38 attendu (ex. SM54) (trouvé : « SM-54 »).',
      'Ligne 8, colonne profession_g15 : code TRE_G15 attendu (ex. 10) (trouvé : « médecin »).',
      'Ligne 8, colonne code_postal : code postal à 5 chiffres attendu (trouvé : « 3500 »).',
    ]);
    expect(byLine(9)).toEqual(['Ligne 9, colonne type : valeur obligatoire (praticien ou structure).']);
    expect(byLine(10)).toEqual(['Ligne 10, colonne identifiant : valeur obligatoire (cellule vide).']);
    expect(byLine(11)).toEqual([expect.stringMatching(/^Ligne 11, colonne identifiant : Excel a converti l'identifiant en nombre/)]);
    expect(r.errors.every((e) => e.message.startsWith(`Ligne ${e.line}`))).toBe(true);
  });

  it('reports a repeated id on the later line, naming the first', () => {
    const r = parseText(`${HEADER}\npraticien;810001112223;A;;;;\nstructure;1450000012;B;;;;\npraticien;8100 0111 2223;C;;;;\n`);
    expect(r.entries.map((e) => e.entry.name)).toEqual(['A', 'B']);
    expect(r.errors).toEqual([
      { line: 4, message: "Ligne 4, colonne identifiant : l'identifiant « 810001112223 » figure déjà ligne 2 (une ligne par praticien ou structure)." },
    ]);
  });

  it('counts lines through quoted line breaks', () => {
    const r = parseText(`${HEADER}\npraticien;810001112223;"DE LA\nFONTAINE";Jean;;;\npraticien;x;B;;;;\n`);
    expect(r.entries[0].entry.name).toBe('DE LA\nFONTAINE');
    expect(r.errors.map((e) => e.line)).toEqual([4]);
  });

  it('names unknown columns and absent ones, and reads no row then', () => {
    const r = parseText('type;identifiant;nom;telephone;email\npraticien;810001112223;A;0102030405;a@b.fr\n');
    expect(r.entries).toEqual([]);
    expect(r.rows).toBe(1);
    expect(r.errors).toEqual([
      { line: 1, message: expect.stringContaining('Colonnes inconnues : « telephone », « email »') },
      { line: 1, message: expect.stringContaining('Colonnes obligatoires absentes : « prenom », « specialite_r38 », « profession_g15 », « code_postal »') },
    ]);
  });

  it('refuses a column given twice', () => {
    const r = parseText(`${HEADER};Nom\npraticien;810001112223;A;;;;;B\n`);
    expect(r.entries).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('Colonne « nom » présente deux fois (colonnes 3 et 8)') }]);
  });

  it('says an empty file needs the header', () => {
    for (const bytes of [new Uint8Array(0), utf8('\uFEFF'), utf8('\r\n ; \r\n')]) {
      const r = parseDirectoryCsv(bytes);
      expect(r.entries).toEqual([]);
      expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('fichier vide') }]);
    }
  });

  it('flags cells beyond the header and a quote never closed', () => {
    const r = parseText(`${HEADER}\npraticien;810001112223;A;;;;;en trop\npraticien;810004445556;"B;;;;\n`);
    expect(r.entries).toEqual([]);
    expect(r.errors).toEqual([
      { line: 2, message: expect.stringContaining('Ligne 2 : 1 cellule(s) remplie(s) hors des colonnes') },
      { line: 3, message: expect.stringContaining('Ligne 3 : guillemet ouvert jamais refermé') },
    ]);
  });

  it(`refuses more than ${DIRECTORY_CSV_MAX_RECORDS} records as a whole`, () => {
    const row = 'praticien;810001112223;A;;;;\n';
    const r = parseText(HEADER + '\n' + row.repeat(DIRECTORY_CSV_MAX_RECORDS + 1));
    expect(r.entries).toEqual([]);
    expect(r.rows).toBe(DIRECTORY_CSV_MAX_RECORDS + 1);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining(`${DIRECTORY_CSV_MAX_RECORDS} au plus`) }]);
  });

  it('accepts exactly the maximum', () => {
    const lines = [HEADER];
    for (let i = 0; i < DIRECTORY_CSV_MAX_RECORDS; i++) lines.push(`praticien;8${String(10000000000 + i)};N${i};;;;`);
    const r = parseText(lines.join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(DIRECTORY_CSV_MAX_RECORDS);
  });

  it('never throws on garbage', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    expect(() => parseDirectoryCsv(garbage)).not.toThrow();
    expect(() => parseText('"""";;;\n;"\n\r\r\n"')).not.toThrow();
  });
});
