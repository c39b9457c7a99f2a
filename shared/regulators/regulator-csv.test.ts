import { describe, expect, it } from 'vitest';
import { parseRegulatorCsv, REGULATOR_CSV_MAX_RECORDS, regulatorsToCsv } from './regulator-csv';
import { decodeCsv, parseCsv } from '../csv/csv-import';
import type { Regulator } from './regulator-types';

const HEADER = 'identifiant_technique;identifiant_national;nom;prenom;email;habilitation;samu';
const UUID_1 = 'b6e39355-8a61-4556-b340-36f7b95fec6a';
const UUID_2 = '1ef1c748-01a3-6180-b098-73283ce4e5b1';

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function withBom(text: string): Uint8Array {
  return utf8(`\uFEFF${text}`);
}

/** Windows-1252 bytes built by hand: Latin-1 code points as they are, plus the 0x80–0x9F characters we use. */
function cp1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92 };
  return Uint8Array.from([...text].map((ch) => {
    if (ch in extra) return extra[ch];
    const code = ch.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`not in the test table: ${ch}`);
    return code;
  }));
}

function regulator(over: Partial<Regulator> = {}): Regulator {
  return {
    technicalId: UUID_1,
    nationalId: '810002673899',
    familyName: 'Marius',
    givenName: 'Jules',
    email: 'jules.marius@test.com',
    active: true,
    samu: 'fr.health.samu330',
    revision: 1,
    createdUtc: 0,
    updatedUtc: 0,
    lastLoginUtc: null,
    ...over,
  };
}

function inputOf(r: Regulator) {
  return { technicalId: r.technicalId, nationalId: r.nationalId, familyName: r.familyName, givenName: r.givenName, email: r.email, active: r.active, samu: r.samu };
}

describe('decodeCsv', () => {
  it('strips a UTF-8 BOM and says so', () => {
    expect(decodeCsv(withBom('nom;prénom'))).toEqual({ text: 'nom;prénom', encoding: 'utf-8-bom' });
  });

  it('reads valid UTF-8 without BOM as UTF-8', () => {
    expect(decodeCsv(utf8('Cœur;Zoé;5 €'))).toEqual({ text: 'Cœur;Zoé;5 €', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8, including 0x80–0x9F', () => {
    const bytes = Uint8Array.from([0x4c, 0x65, 0x66, 0xe8, 0x76, 0x72, 0x65, 0x3b, 0x43, 0x9c, 0x75, 0x72, 0x3b, 0x80, 0x3b, 0xe9]);
    expect(decodeCsv(bytes)).toEqual({ text: 'Lefèvre;Cœur;€;é', encoding: 'windows-1252' });
  });

  it('decodes every byte from 0x80 to 0xFF as Windows-1252 does', () => {
    // Written as literal characters, independently of the implementation's table. Node's own
    // TextDecoder('windows-1252') is no oracle: without full ICU it decodes 0x80–0x9F as Latin-1.
    const c1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
    const latin1 = String.fromCharCode(...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i));
    expect(decodeCsv(Uint8Array.from({ length: 0x80 }, (_, i) => 0x80 + i))).toEqual({ text: c1 + latin1, encoding: 'windows-1252' });
  });

  it('maps the bytes Windows-1252 leaves undefined to the C1 controls, like browsers do', () => {
    expect(decodeCsv(Uint8Array.from([0xe9, 0x81, 0x8d, 0x8f, 0x90, 0x9d])).text).toBe('é\u0081\u008d\u008f\u0090\u009d');
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, and counts lines', () => {
    const text = 'a;"b;c";"dit ""Doc"""\r\n"multi\r\nligne\nici";x;y\rlast;;\n';
    expect(parseCsv(text, ';')).toEqual([
      { line: 1, fields: ['a', 'b;c', 'dit "Doc"'], unterminatedQuote: false },
      { line: 2, fields: ['multi\r\nligne\nici', 'x', 'y'], unterminatedQuote: false },
      { line: 5, fields: ['last', '', ''], unterminatedQuote: false },
    ]);
  });

  it('flags a quote that never closes', () => {
    expect(parseCsv('a;"b\nc', ';')).toEqual([{ line: 1, fields: ['a', 'b\nc'], unterminatedQuote: true }]);
  });
});

describe('parseRegulatorCsv', () => {
  it('reads a French Excel file (UTF-8 with BOM) into regulator inputs, with defaults for empty cells', () => {
    const csv = `${HEADER}\r\n${UUID_1.toUpperCase()};810002673899;Marius;Jules;jules.marius@test.com;oui;fr.health.samu330\r\n;;Lefèvre;Zoé;zoe@test.fr;;\r\n`;
    const result = parseRegulatorCsv(withBom(csv));
    expect(result).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', headerErrors: [], warnings: [] });
    expect(result.rows.map((r) => [r.line, r.input, r.errors])).toEqual([
      [2, { technicalId: UUID_1, nationalId: '810002673899', familyName: 'Marius', givenName: 'Jules', email: 'jules.marius@test.com', active: true, samu: 'fr.health.samu330' }, []],
      [3, { nationalId: null, familyName: 'Lefèvre', givenName: 'Zoé', email: 'zoe@test.fr', active: true, samu: null }, []],
    ]);
    expect(result.rows[1].input).not.toHaveProperty('technicalId');
    expect(result.rows[1].raw).toEqual({ identifiant_technique: '', identifiant_national: '', nom: 'Lefèvre', prenom: 'Zoé', email: 'zoe@test.fr', habilitation: '', samu: '' });
  });

  it('reads UTF-8 without BOM', () => {
    const result = parseRegulatorCsv(utf8(`nom;prenom;email\nŒuvray;Zoé;zoe@test.fr\n`));
    expect(result.encoding).toBe('utf-8');
    expect(result.rows[0].input).toMatchObject({ familyName: 'Œuvray', givenName: 'Zoé' });
  });

  it('reads a Windows-1252 file saved by Excel with its accents, œ and €', () => {
    const result = parseRegulatorCsv(cp1252(`nom;prénom;email;commentaire\r\nCœur-Lefèvre;Zoé;zoe@test.fr;coût 5 €\r\n`));
    expect(result.encoding).toBe('windows-1252');
    expect(result.warnings).toEqual([expect.stringContaining('Windows-1252'), 'Colonne « commentaire » inconnue : elle est ignorée.']);
    expect(result.rows[0].input).toMatchObject({ familyName: 'Cœur-Lefèvre', givenName: 'Zoé', email: 'zoe@test.fr' });
  });

  it('reports each bad cell in French, naming line, column, what to fix and what was found', () => {
    const csv = [
      HEADER,
      `${UUID_1};810002673899;Marius;Jules;jules.marius@test.com;oui;fr.health.samu330`,
      `pas-un-uuid;;Durand;Paul;paul@test.fr;non;`,
      `;;Martin;Anne;abc;oui;`,
      `;;;Luc;luc@test.fr;peut-être;samu33`,
    ].join('\r\n');
    const rows = parseRegulatorCsv(utf8(csv)).rows;
    expect(rows.map((r) => r.input === null)).toEqual([false, true, true, true]);
    expect(rows[1].errors).toEqual(['Ligne 3, colonne identifiant_technique : UUID attendu (trouvé : "pas-un-uuid").']);
    expect(rows[2].errors).toEqual(['Ligne 4, colonne email : adresse e-mail attendue (trouvé : "abc").']);
    expect(rows[3].errors).toEqual([
      'Ligne 5, colonne habilitation : oui ou non attendu (trouvé : "peut-être").',
      'Ligne 5, colonne nom : valeur obligatoire (cellule vide).',
      'Ligne 5, colonne samu : identifiant de SAMU attendu (fr.health.samuXXX) (trouvé : "samu33").',
    ]);
  });

  it('rejects a value longer than the registry allows', () => {
    const rows = parseRegulatorCsv(utf8(`nom;prenom;email\n${'a'.repeat(201)};Jules;j@test.fr\n`)).rows;
    expect(rows[0].errors).toEqual([expect.stringMatching(/^Ligne 2, colonne nom : 200 caractères au plus \(trouvé : "a+…"\)\.$/)]);
  });

  it('accepts every habilitation spelling, in any case', () => {
    const values: [string, boolean][] = [
      ['oui', true], ['OUI', true], ['o', true], ['True', true], ['vrai', true], ['1', true], ['Actif', true],
      ['non', false], ['N', false], ['false', false], ['FAUX', false], ['0', false], ['inactif', false],
    ];
    const csv = ['nom;prenom;email;habilitation', ...values.map(([v], i) => `N${i};P;p${i}@test.fr;${v}`)].join('\n');
    const rows = parseRegulatorCsv(utf8(csv)).rows;
    expect(rows.map((r) => r.input?.active)).toEqual(values.map(([, b]) => b));
  });

  it('matches headers whatever their case, accents, spaces or underscores, and English aliases', () => {
    const csv = `Technical ID,NATIONAL_ID,Family Name,given_name,E-mail,Active,SAMU,Notes\n${UUID_2},810002673899,Marius,Jules,j@test.fr,non,fr.health.test.samu330,x\n`;
    const result = parseRegulatorCsv(utf8(csv));
    expect(result.headerErrors).toEqual([]);
    expect(result.delimiter).toBe(',');
    expect(result.warnings).toEqual([
      'Séparateur « , » (virgule) détecté au lieu de « ; » : le fichier a été lu avec ce séparateur.',
      'Colonne « Notes » inconnue : elle est ignorée.',
    ]);
    expect(result.rows[0].input).toEqual({ technicalId: UUID_2, nationalId: '810002673899', familyName: 'Marius', givenName: 'Jules', email: 'j@test.fr', active: false, samu: 'fr.health.test.samu330' });

    const french = parseRegulatorCsv(utf8(`Identifiant Technique;Nom;Prénom;Mail\n;Marius;Jules;j@test.fr\n`));
    expect(french.headerErrors).toEqual([]);
    expect(french.rows[0].input).toMatchObject({ familyName: 'Marius', givenName: 'Jules', email: 'j@test.fr' });
  });

  it('quotes the header as the operator wrote it in row errors', () => {
    const rows = parseRegulatorCsv(utf8(`Nom;Prénom;E-mail\nMarius;Jules;abc\n`)).rows;
    expect(rows[0].errors).toEqual(['Ligne 2, colonne E-mail : adresse e-mail attendue (trouvé : "abc").']);
  });

  it('reads tab-separated files and honours an Excel sep= line', () => {
    const tab = parseRegulatorCsv(utf8('nom\tprenom\temail\nMarius\tJules\tj@test.fr\n'));
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows[0].input).toMatchObject({ familyName: 'Marius' });
    const sep = parseRegulatorCsv(utf8('sep=,\nnom,prenom,email\n"Marius; fils",Jules,j@test.fr\n'));
    expect(sep.delimiter).toBe(',');
    expect(sep.rows).toEqual([expect.objectContaining({ line: 3, input: expect.objectContaining({ familyName: 'Marius; fils' }) })]);
  });

  it('stops on header errors: missing required column, duplicated column, empty file, UTF-16', () => {
    const missing = parseRegulatorCsv(utf8('nom;prenom;habilitation\nMarius;Jules;oui\n'));
    expect(missing.headerErrors).toEqual([`Colonne obligatoire « email » absente. En-têtes attendus : ${HEADER}.`]);
    expect(missing.rows).toEqual([]);
    const twice = parseRegulatorCsv(utf8('nom;prenom;email;mail\n'));
    expect(twice.headerErrors).toEqual(["Colonne « email » présente deux fois (colonnes 3 et 4) : n'en gardez qu'une."]);
    expect(parseRegulatorCsv(utf8('\r\n\r\n')).headerErrors).toEqual([expect.stringContaining('Fichier vide')]);
    expect(parseRegulatorCsv(Uint8Array.from([0xff, 0xfe, 0x6e, 0x00])).headerErrors).toEqual([expect.stringContaining('UTF-16')]);
  });

  it(`refuses more than ${REGULATOR_CSV_MAX_RECORDS} records`, () => {
    const lines = ['nom;prenom;email'];
    for (let i = 0; i <= REGULATOR_CSV_MAX_RECORDS; i++) lines.push(`N${i};P;p${i}@test.fr`);
    const over = parseRegulatorCsv(utf8(lines.join('\n')));
    expect(over.headerErrors).toEqual([expect.stringContaining(`${REGULATOR_CSV_MAX_RECORDS + 1} lignes`)]);
    expect(over.rows).toEqual([]);
    lines.pop();
    const atLimit = parseRegulatorCsv(utf8(lines.join('\n')));
    expect(atLimit.headerErrors).toEqual([]);
    expect(atLimit.rows).toHaveLength(REGULATOR_CSV_MAX_RECORDS);
  });

  it('flags duplicates inside the file on the later rows, naming the first line', () => {
    const csv = [
      HEADER,
      `${UUID_1};810002673899;A;A;a@test.fr;;`,
      `;;B;B;b@test.fr;;`,
      `${UUID_1.toUpperCase()};;C;C;c@test.fr;;`,
      `;810002673899;D;D;d@test.fr;;`,
      `;;E;E;B@Test.FR;;`,
    ].join('\n');
    const rows = parseRegulatorCsv(utf8(csv)).rows;
    expect(rows.map((r) => r.input === null)).toEqual([false, false, true, true, true]);
    expect(rows[2].errors).toEqual([`Ligne 4, colonne identifiant_technique : l'identifiant technique "${UUID_1.toUpperCase()}" figure déjà ligne 2 (un régulateur par ligne, sans doublon).`]);
    expect(rows[3].errors).toEqual([`Ligne 5, colonne identifiant_national : l'identifiant national "810002673899" figure déjà ligne 2 (un régulateur par ligne, sans doublon).`]);
    expect(rows[4].errors).toEqual([`Ligne 6, colonne email : l'adresse e-mail "B@Test.FR" figure déjà ligne 3 (un régulateur par ligne, sans doublon).`]);
  });

  it('keeps multi-line quoted cells and reports the line where each record starts', () => {
    const csv = `nom;prenom;email\r\n"Marius\r\ndit ""le Doc""";Jules;j@test.fr\r\n\r\nDurand;Paul;abc\r\n;;\r\n\r\n`;
    const rows = parseRegulatorCsv(utf8(csv)).rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ line: 2, input: { familyName: 'Marius\r\ndit "le Doc"' } });
    expect(rows[1]).toMatchObject({ line: 5, errors: ['Ligne 5, colonne email : adresse e-mail attendue (trouvé : "abc").'] });
  });

  it('reports an unclosed quote and cells beyond the header', () => {
    const unclosed = parseRegulatorCsv(utf8('nom;prenom;email\nMarius;"Jules;j@test.fr\nDurand;Paul;p@test.fr\n')).rows;
    expect(unclosed).toHaveLength(1);
    expect(unclosed[0].input).toBeNull();
    expect(unclosed[0].errors[0]).toMatch(/^Ligne 2 : guillemet ouvert jamais refermé/);
    const stray = parseRegulatorCsv(utf8('nom;prenom;email\nMarius;Jules;j@test.fr;;oups\n')).rows;
    expect(stray[0].errors).toEqual(['Ligne 2 : 1 cellule(s) remplie(s) au-delà de la dernière colonne : vérifiez les séparateurs et les guillemets.']);
  });

  it("removes our formula guard (one ' before = + - @) but keeps other leading apostrophes", () => {
    const rows = parseRegulatorCsv(utf8(`nom;prenom;email\n'=Marius;'Neill;j@test.fr\n'-Durand;''=x;p@test.fr\n`)).rows;
    expect(rows.map((r) => [r.input?.familyName, r.input?.givenName])).toEqual([
      ['=Marius', "'Neill"],
      ['-Durand', "'=x"],
    ]);
  });
});

describe('regulatorsToCsv', () => {
  it('writes the BOM, the French header and oui/non, with empty cells for nulls', () => {
    const csv = regulatorsToCsv([regulator(), regulator({ technicalId: UUID_2, nationalId: null, samu: null, active: false, email: 'z@test.fr' })]);
    expect(csv).toBe(
      `\uFEFF${HEADER}\r\n` +
        `${UUID_1};810002673899;Marius;Jules;jules.marius@test.com;oui;fr.health.samu330\r\n` +
        `${UUID_2};;Marius;Jules;z@test.fr;non;\r\n`,
    );
  });

  it('round-trips through import: separators, quotes, accents, line breaks and formula-like names', () => {
    const list = [
      regulator(),
      regulator({ technicalId: UUID_2, nationalId: '3456780581/11242343', familyName: 'Dupont; Durand', givenName: 'dit "le Doc"', email: 'doc@test.fr', active: false, samu: null }),
      regulator({ technicalId: 'c0ffee00-0000-4000-8000-000000000001', nationalId: null, familyName: '=HYPERLINK("http://x")', givenName: 'Zoé-Cœur', email: 'zoe@test.fr' }),
      regulator({ technicalId: 'c0ffee00-0000-4000-8000-000000000002', nationalId: null, familyName: '+Lefèvre', givenName: "'@Anne", email: 'anne@test.fr', samu: 'fr.health.test.samu69' }),
      regulator({ technicalId: 'c0ffee00-0000-4000-8000-000000000003', nationalId: null, familyName: 'Deux\nlignes', givenName: 'Ève', email: 'eve@test.fr' }),
      regulator({ technicalId: 'c0ffee00-0000-4000-8000-000000000004', nationalId: null, familyName: "''=x", givenName: "O'Neill", email: 'oneill@test.fr' }),
    ];
    const result = parseRegulatorCsv(utf8(regulatorsToCsv(list)));
    expect(result.headerErrors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows.flatMap((r) => r.errors)).toEqual([]);
    expect(result.rows.map((r) => r.input)).toEqual(list.map(inputOf));
  });

  it('exports an empty registry as a header that re-imports to nothing', () => {
    const result = parseRegulatorCsv(utf8(regulatorsToCsv([])));
    expect(result.headerErrors).toEqual([]);
    expect(result.rows).toEqual([]);
  });
});
