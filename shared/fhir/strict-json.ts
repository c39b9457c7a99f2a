// Strict JSON for untrusted bodies (editors' FHIR resources). Pure: shared/ runs on both sides.
//
// JSON.parse alone lets through what hurts us downstream: nesting deep enough to blow the stack of
// whatever walks the value next, keys that shadow or reach Object.prototype, duplicate keys (the last
// silently wins, `resourceType` included) and lone surrogates that cannot be stored as UTF-8.

export type StrictJsonErrorCode = 'syntax' | 'depth' | 'duplicate-key' | 'forbidden-key' | 'lone-surrogate' | 'invalid-utf8' | 'empty';

export interface StrictJsonError {
  code: StrictJsonErrorCode;
  /** French, for the editor or operator: what is wrong, where, and what to change. */
  message: string;
  /**
   * Offset of the problem in the text, in UTF-16 code units of the decoded text; for `invalid-utf8`
   * it is the offset of the first invalid byte in the input bytes (there is no text yet).
   */
  position: number;
  /** Where in the document: `$`, `$.participant[0].actor`, `$["clé bizarre"]`. */
  path: string;
}

export interface StrictJsonOptions {
  /** Deepest nesting of objects and arrays accepted; the top-level container is depth 1. */
  maxDepth?: number;
}

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; error: StrictJsonError };

export const DEFAULT_MAX_DEPTH = 64;

/**
 * Names that would shadow or reach Object.prototype once the value leaves this module (spread,
 * Object.assign, `key in o`, `o.hasOwnProperty(…)`): refused whatever the runtime adds on top.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);

/**
 * Parses `input` as RFC 8259 JSON with the extra rules above. Objects of the result have a null
 * prototype. Never throws on any input, whatever its size or depth.
 *
 * A Uint8Array must be UTF-8: invalid sequences (overlong forms, encoded surrogates, truncated
 * sequences) are refused. A byte order mark is refused rather than skipped: RFC 8259 §8.1 forbids
 * senders to add one and FHIR exchanges are BOM-less UTF-8, so a BOM means a misconfigured editor,
 * better told than guessed at.
 */
export function parseStrictJson(input: string | Uint8Array, options?: StrictJsonOptions): StrictJsonResult {
  const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!(maxDepth >= 0)) throw new RangeError(`maxDepth must be a number >= 0, got ${maxDepth}`);
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeUtf8(input, maxDepth);
    if (typeof decoded !== 'string') return { ok: false, error: decoded };
    text = decoded;
  }
  return parseText(text, maxDepth);
}

// ---------------------------------------------------------------------------------------------------
// A single pass over the text, iterative: nesting lives on an explicit stack (heap), never on the call
// stack, and stops at maxDepth. The other design measured, JSON.parse then one walk for depth, keys
// and surrogates, is no faster on an appointment (×1.8 JSON.parse against ×1.55 here) and cannot
// bound JSON.parse's work on a hostile body: 20 to 100 ms for 1 MiB of nesting, where this parser
// stops after 64 levels. Strings are found with the engine's own searches (see `clean`), which is
// what keeps the pass near JSON.parse. Figures: scripts/bench/strict-json.ts.

class Failure {
  constructor(readonly error: StrictJsonError) {}
}

type Container = Record<string, unknown> | unknown[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function segment(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  if (IDENTIFIER.test(key)) return `.${key}`;
  return `[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`;
}

function displayKey(key: string): string {
  const shown = JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key).slice(1, -1);
  return `« ${shown} »`;
}

function displayChar(text: string, at: number): string {
  if (at >= text.length) return 'la fin du document';
  const c = text.charCodeAt(at);
  if (c > 0x20 && c < 0x7f) return `« ${text[at]} »`;
  const cp = text.codePointAt(at) ?? c;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = c > 0x7f && (cp < 0xd800 || cp > 0xdfff) && !(cp >= 0x7f && cp <= 0x9f);
  return printable ? `« ${String.fromCodePoint(cp)} » (U+${hex})` : `U+${hex}`;
}

function unexpected(text: string, at: number): string {
  return at >= text.length ? 'Fin du document inattendue' : `Caractère ${displayChar(text, at)} inattendu`;
}

function lineColumn(text: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `ligne ${line}, colonne ${at - lineStart + 1}`;
}

/** charCodeAt that never reads past the end (see `ws`): -1 there, which matches nothing. */
function cc(t: string, i: number): number {
  return i < t.length ? t.charCodeAt(i) : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hex4(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(at + k);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else if (c >= 97 && c <= 102) d = c - 87;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}

const KEY_CACHE_SIZE = 2048;
const MAX_CACHED_KEY = 64;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);

let forbiddenMin = Infinity;
let forbiddenMax = 0;
const forbiddenFirst = new Set<number>();
for (const k of FORBIDDEN_KEYS) {
  forbiddenMin = Math.min(forbiddenMin, k.length);
  forbiddenMax = Math.max(forbiddenMax, k.length);
  forbiddenFirst.add(k.charCodeAt(0));
}

/** Control characters other than the three that are also JSON whitespace. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const OTHER_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

function found(at: number, text: string): number {
  return at < 0 ? text.length : at;
}

const hasWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
/** In `u` mode a surrogate range matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function isWellFormed(s: string): boolean {
  return hasWellFormed ? (s as unknown as { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(s);
}

/** Whether `text` holds `key` at `at` (the caller has checked the length). */
function sameChars(key: string, text: string, at: number): boolean {
  const n = key.length;
  // A loop of charCodeAt beats startsWith here: keys are short and the builtin call is not inlined.
  for (let k = 0; k < n; k++) if (key.charCodeAt(k) !== text.charCodeAt(at + k)) return false;
  return true;
}

/** Length and first letter rule out nearly every key without hashing it. */
function isForbiddenKey(k: string): boolean {
  return k.length >= forbiddenMin && k.length <= forbiddenMax && forbiddenFirst.has(k.charCodeAt(0)) && FORBIDDEN_KEYS.has(k);
}

class Parser {
  private i = 0;
  private readonly stack: Container[] = [];
  /** Per open container: the key or index being read; null between an object's members. */
  private readonly keys: (string | number | null)[] = [];

  // Next offset of each character a string may not hold raw (or that needs decoding), found by the
  // engine's own search and moved forward only when passed: -1 until first asked, length when absent.
  private backslash = -1;
  private newline = -1;
  private tab = -1;
  private cr = -1;
  private control = -1;
  /** Raw lone surrogates anywhere send every string through the character loop, which locates them. */
  private readonly wellFormed: boolean;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.wellFormed = isWellFormed(text);
  }

  private path(levels = this.keys.length): string {
    let p = '$';
    for (let d = 0; d < levels; d++) {
      const k = this.keys[d];
      if (k !== null) p += segment(k);
    }
    return p;
  }

  private fail(code: StrictJsonErrorCode, at: number, path: string, what: string, fix: string): never {
    throw new Failure({ code, position: at, path, message: `${what} (${lineColumn(this.text, at)}) : ${fix}` });
  }

  // Reading past the end would return NaN but make V8 drop the fast charCodeAt at that call site for
  // every later call: each loop below checks the length first.
  private ws(i: number): number {
    const t = this.text;
    const n = t.length;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    return i;
  }

  parse(): unknown {
    const t = this.text;
    const n = t.length;
    const stack = this.stack;
    const keys = this.keys;
    if (n > 0 && cc(t, 0) === 0xfeff) {
      this.fail('syntax', 0, '$', 'Marque d\'ordre des octets (BOM) en tête du corps', 'FHIR attend du JSON en UTF-8 sans BOM ; enregistrez ou envoyez le corps sans ces octets EF BB BF.');
    }
    let i = this.ws(0);
    if (i >= n) {
      const what = n === 0 ? 'Corps vide' : 'Corps composé uniquement d\'espaces';
      throw new Failure({ code: 'empty', position: i, path: '$', message: `${what} : un document JSON est attendu (la ressource FHIR).` });
    }
    let afterComma = false;
    let value: unknown;
    for (;;) {
      // A value starts at i (whitespace skipped).
      const c = cc(t, i);
      if (c === 123 || c === 91) {
        if (stack.length >= this.maxDepth) {
          this.fail('depth', i, this.path(), `Imbrication trop profonde à ${this.path()}`, `au plus ${this.maxDepth} niveaux d'objets et de tableaux imbriqués sont acceptés ; aplatissez le document.`);
        }
        i = this.ws(i + 1);
        if (c === 123) {
          // No prototype, like Object.create(null), but that one makes a slow dictionary object: everything downstream
          // (rules, JSON.stringify of each stored version) then pays for it. A literal given a null prototype keeps
          // V8's fast properties and shares one hidden class per shape.
          const o: Record<string, unknown> = Object.setPrototypeOf({}, null);
          if (cc(t, i) === 125) {
            i++;
            value = o;
          } else {
            stack.push(o);
            keys.push(null);
            keys[keys.length - 1] = this.member(o, i, false);
            i = this.i;
            afterComma = false;
            continue;
          }
        } else {
          const a: unknown[] = [];
          if (cc(t, i) === 93) {
            i++;
            value = a;
          } else {
            stack.push(a);
            keys.push(0);
            afterComma = false;
            continue;
          }
        }
      } else if (c === 34) {
        value = this.string(i, false);
        i = this.i;
      } else if (c === 45 || isDigit(c)) {
        value = this.number(i);
        i = this.i;
      } else if (c === 116 && t.startsWith('true', i)) {
        value = true;
        i += 4;
      } else if (c === 102 && t.startsWith('false', i)) {
        value = false;
        i += 5;
      } else if (c === 110 && t.startsWith('null', i)) {
        value = null;
        i += 4;
      } else {
        this.unexpectedValue(i, afterComma);
      }

      // The value is complete: hand it to its container, then close containers as long as we can.
      for (;;) {
        const depth = stack.length;
        i = this.ws(i);
        if (depth === 0) {
          if (i < n) {
            this.fail('syntax', i, '$', `Contenu après la fin du document JSON : ${displayChar(t, i)}`, 'un corps ne contient qu\'une valeur JSON ; retirez ce qui suit ou vérifiez les accolades.');
          }
          return value;
        }
        const top = stack[depth - 1];
        const d = cc(t, i);
        if (Array.isArray(top)) {
          top.push(value);
          if (d === 44) {
            i = this.ws(i + 1);
            keys[depth - 1] = (keys[depth - 1] as number) + 1;
            afterComma = true;
            break;
          }
          if (d !== 93) {
            this.fail('syntax', i, this.path(depth - 1), `${unexpected(t, i)} dans le tableau ${this.path(depth - 1)}`, '« , » entre deux éléments ou « ] » pour fermer le tableau était attendu.');
          }
        } else {
          top[keys[depth - 1] as string] = value;
          if (d === 44) {
            keys[depth - 1] = null;
            keys[depth - 1] = this.member(top, this.ws(i + 1), true);
            i = this.i;
            afterComma = true;
            break;
          }
          if (d !== 125) {
            this.fail('syntax', i, this.path(depth - 1), `${unexpected(t, i)} dans l'objet ${this.path(depth - 1)}`, '« , » entre deux membres ou « } » pour fermer l\'objet était attendu.');
          }
        }
        i++;
        value = top;
        stack.pop();
        keys.pop();
      }
    }
  }

  private unexpectedValue(i: number, afterComma: boolean): never {
    const t = this.text;
    const c = cc(t, i);
    const where = this.path();
    if (afterComma && (c === 93 || c === 125)) {
      this.fail('syntax', i, where, `Virgule finale avant ${displayChar(t, i)} à ${where}`, 'JSON n\'accepte pas de virgule après le dernier élément ; retirez-la.');
    }
    if (i >= t.length) {
      this.fail('syntax', i, where, `Fin du document inattendue à ${where}`, 'une valeur était attendue ; le corps est-il tronqué ?');
    }
    if (c === 47) this.fail('syntax', i, where, `Commentaire à ${where}`, 'JSON n\'accepte pas de commentaires ; retirez-les.');
    if (c === 39) this.fail('syntax', i, where, `Apostrophe à ${where}`, 'les chaînes JSON s\'écrivent entre guillemets doubles « " ».');
    if (c === 78 || c === 73 || (c === 43 && isDigit(cc(t, i + 1)))) {
      this.fail('syntax', i, where, `Nombre invalide à ${where}`, 'NaN, Infinity et le signe « + » n\'existent pas en JSON ; envoyez un nombre décimal ou null.');
    }
    if (c === 116 || c === 102 || c === 110) {
      this.fail('syntax', i, where, `Littéral inconnu à ${where}`, 'seuls true, false et null s\'écrivent sans guillemets (en minuscules).');
    }
    this.fail('syntax', i, where, `${unexpected(t, i)} à ${where}`, 'une valeur JSON (objet, tableau, chaîne entre guillemets, nombre, true, false ou null) était attendue.');
  }

  /** Reads `"key" :` at i for object `o` and leaves this.i on the value. */
  private member(o: Record<string, unknown>, i: number, afterComma: boolean): string {
    const t = this.text;
    const c = cc(t, i);
    if (c !== 34) {
      const where = this.path(this.keys.length - 1);
      if (c === 125 && afterComma) {
        this.fail('syntax', i, where, `Virgule finale avant « } » dans l'objet ${where}`, 'JSON n\'accepte pas de virgule après le dernier membre ; retirez-la.');
      }
      this.fail('syntax', i, where, `${unexpected(t, i)} au lieu d'un nom de membre dans l'objet ${where}`, 'chaque membre s\'écrit "nom": valeur, le nom entre guillemets doubles.');
    }
    const key = this.key(i);
    if (isForbiddenKey(key)) {
      const where = this.path(this.keys.length - 1);
      this.fail('forbidden-key', i, where, `Clé ${displayKey(key)} interdite dans l'objet à ${where}`, 'ce nom est réservé par JavaScript (Object.prototype) et n\'existe dans aucune ressource FHIR ; retirez ou renommez ce membre.');
    }
    if (o[key] !== undefined) {
      const where = this.path(this.keys.length - 1);
      this.fail('duplicate-key', i, where, `Clé ${displayKey(key)} en double dans l'objet à ${where}`, 'une clé ne peut apparaître qu\'une fois.');
    }
    let j = this.ws(this.i);
    if (cc(t, j) !== 58) {
      const where = this.path(this.keys.length - 1);
      this.fail('syntax', j, where, `${unexpected(t, j)} après la clé ${displayKey(key)} dans l'objet ${where}`, '« : » était attendu entre le nom du membre et sa valeur.');
    }
    j = this.ws(j + 1);
    this.i = j;
    return key;
  }

  /**
   * Whether [from, to) holds no backslash and no control character, so that a string running there
   * is its own value. Each search runs in native code and resumes only once passed: the whole text
   * costs a few scans, however many strings it has.
   */
  private clean(from: number, to: number): boolean {
    const t = this.text;
    if (!this.wellFormed) return false;
    if (this.backslash < from) this.backslash = found(t.indexOf('\\', from), t);
    if (this.backslash < to) return false;
    if (this.newline < from) this.newline = found(t.indexOf('\n', from), t);
    if (this.newline < to) return false;
    if (this.tab < from) this.tab = found(t.indexOf('\t', from), t);
    if (this.tab < to) return false;
    if (this.cr < from) this.cr = found(t.indexOf('\r', from), t);
    if (this.cr < to) return false;
    if (this.control < from) {
      OTHER_CONTROL.lastIndex = from;
      this.control = OTHER_CONTROL.test(t) ? OTHER_CONTROL.lastIndex - 1 : t.length;
    }
    return this.control >= to;
  }

  /**
   * Reads the key whose opening quote is at i; leaves this.i after the closing quote. Documents repeat
   * the same few keys: handing back the string seen before saves a copy and the hashing of a new one.
   */
  private key(i: number): string {
    const t = this.text;
    const q = t.indexOf('"', i + 1);
    const length = q - i - 1;
    if (q < 0 || !this.clean(i + 1, q)) return this.string(i, true);
    this.i = q + 1;
    if (length > MAX_CACHED_KEY || length === 0) return t.slice(i + 1, q);
    // Which cached key this could be: length and three characters spread the FHIR names well; two
    // ways per set so that two frequent keys landing together do not evict each other all the time.
    let h = Math.imul(length ^ (t.charCodeAt(i + 1) << 7) ^ (t.charCodeAt(q - 1) << 14) ^ (t.charCodeAt(i + 1 + (length >> 1)) << 21), 0x45d9f3b);
    h ^= h >>> 15;
    const slot = h & (KEY_CACHE_SIZE - 2);
    const first = keyCache[slot];
    if (first !== undefined && first.length === length && sameChars(first, t, i + 1)) return first;
    const second = keyCache[slot + 1];
    if (second !== undefined && second.length === length && sameChars(second, t, i + 1)) return second;
    // A slice may share the body's memory: what the cache keeps must not pin a 1 MiB body, so it
    // keeps the engine's own interned copy of the name instead.
    const key = Object.keys({ [t.slice(i + 1, q)]: 0 })[0];
    keyCache[slot + 1] = first;
    keyCache[slot] = key;
    return key;
  }

  /** Reads the string whose opening quote is at i; leaves this.i after the closing quote. */
  private string(i: number, isKey: boolean): string {
    const t = this.text;
    const q = t.indexOf('"', i + 1);
    if (q >= 0 && this.clean(i + 1, q)) {
      this.i = q + 1;
      return t.slice(i + 1, q);
    }
    // Escapes, raw control characters, surrogates, no closing quote: character by character.
    const n = t.length;
    let j = i + 1;
    let start = j;
    let out = '';
    for (;;) {
      if (j >= n) {
        this.fail('syntax', i, this.stringPath(isKey), `Chaîne non terminée à ${this.stringPath(isKey)}`, 'le guillemet fermant manque ; le corps est-il tronqué ?');
      }
      const c = t.charCodeAt(j);
      if (c === 34) {
        this.i = j + 1;
        return start === i + 1 ? t.slice(start, j) : out + t.slice(start, j);
      }
      if (c === 92) {
        out += t.slice(start, j);
        j = this.escape(j, isKey);
        out += this.decoded;
        start = j;
      } else if (c < 0x20) {
        const hex = c.toString(16).toUpperCase().padStart(4, '0');
        this.fail('syntax', j, this.stringPath(isKey), `Caractère de contrôle U+${hex} non échappé dans une chaîne à ${this.stringPath(isKey)}`, `écrivez-le échappé (\\n, \\r, \\t ou \\u${hex}).`);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = cc(t, j + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) j += 2;
        else this.loneSurrogate(j, c, isKey);
      } else {
        j++;
      }
    }
  }

  private decoded = '';

  /** Decodes the escape at j into this.decoded and returns the offset after it. */
  private escape(j: number, isKey: boolean): number {
    const t = this.text;
    const e = cc(t, j + 1);
    switch (e) {
      case 34: this.decoded = '"'; return j + 2;
      case 92: this.decoded = '\\'; return j + 2;
      case 47: this.decoded = '/'; return j + 2;
      case 98: this.decoded = '\b'; return j + 2;
      case 102: this.decoded = '\f'; return j + 2;
      case 110: this.decoded = '\n'; return j + 2;
      case 114: this.decoded = '\r'; return j + 2;
      case 116: this.decoded = '\t'; return j + 2;
      case 117: {
        const u = hex4(t, j + 2);
        if (u < 0) {
          this.fail('syntax', j, this.stringPath(isKey), `Échappement \\u incomplet à ${this.stringPath(isKey)}`, '\\u doit être suivi de quatre chiffres hexadécimaux (par exemple \\u00E9).');
        }
        if (u >= 0xd800 && u <= 0xdfff) {
          const low = u <= 0xdbff && cc(t, j + 6) === 92 && cc(t, j + 7) === 117 ? hex4(t, j + 8) : -1;
          if (low < 0xdc00 || low > 0xdfff) this.loneSurrogate(j, u, isKey);
          this.decoded = String.fromCharCode(u, low);
          return j + 12;
        }
        this.decoded = String.fromCharCode(u);
        return j + 6;
      }
      default:
        return this.fail('syntax', j, this.stringPath(isKey), `Échappement ${j + 1 < t.length ? `« \\${t[j + 1]} »` : '\\'} invalide à ${this.stringPath(isKey)}`, 'seuls \\" \\\\ \\/ \\b \\f \\n \\r \\t et \\uXXXX existent en JSON ; pour une barre oblique inverse, écrivez \\\\.');
    }
  }

  private stringPath(isKey: boolean): string {
    return isKey ? this.path(this.keys.length - 1) : this.path();
  }

  private loneSurrogate(j: number, unit: number, isKey: boolean): never {
    const where = this.stringPath(isKey);
    const hex = unit.toString(16).toUpperCase();
    return this.fail('lone-surrogate', j, where, `Demi-caractère UTF-16 isolé (U+${hex}) dans ${isKey ? 'une clé de l\'objet' : 'la chaîne'} à ${where}`, 'un substitut (U+D800 à U+DFFF) doit former une paire haut + bas ; corrigez l\'encodage du texte ou retirez ce caractère.');
  }

  /** Reads the number at i; leaves this.i after it. */
  private number(i: number): number {
    const t = this.text;
    let j = i;
    if (cc(t, j) === 45) j++;
    let c = cc(t, j);
    let small = true;
    let v = 0;
    if (c === 48) {
      j++;
      if (isDigit(cc(t, j))) {
        this.fail('syntax', i, this.path(), `Zéro non significatif dans un nombre à ${this.path()}`, 'JSON n\'accepte pas de zéro en tête (écrivez 7, pas 07) ; un code avec des zéros en tête s\'envoie en chaîne.');
      }
    } else if (c >= 49 && c <= 57) {
      do {
        v = v * 10 + (c - 48);
        c = cc(t, ++j);
      } while (c >= 48 && c <= 57);
      if (j - i > 15) small = false;
    } else {
      this.fail('syntax', i, this.path(), `Nombre invalide à ${this.path()}`, 'un chiffre était attendu après « - ».');
    }
    c = cc(t, j);
    if (c === 46) {
      small = false;
      j++;
      if (!isDigit(cc(t, j))) {
        this.fail('syntax', j, this.path(), `Nombre invalide à ${this.path()}`, 'un chiffre était attendu après le point décimal.');
      }
      while (isDigit(cc(t, j))) j++;
      c = cc(t, j);
    }
    if (c === 101 || c === 69) {
      small = false;
      j++;
      c = cc(t, j);
      if (c === 43 || c === 45) j++;
      if (!isDigit(cc(t, j))) {
        this.fail('syntax', j, this.path(), `Nombre invalide à ${this.path()}`, 'un chiffre était attendu dans l\'exposant (par exemple 1e5).');
      }
      while (isDigit(cc(t, j))) j++;
    }
    this.i = j;
    // Same value as JSON.parse: exact digits below 2^53, the engine's own conversion otherwise.
    if (small) return cc(t, i) === 45 ? -v : v;
    return Number(t.slice(i, j));
  }
}

function parseText(text: string, maxDepth: number): StrictJsonResult {
  try {
    return { ok: true, value: new Parser(text, maxDepth).parse() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: e.error };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// UTF-8

// ignoreBOM keeps a BOM in the text, where the parser refuses it by name.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array, maxDepth: number): string | StrictJsonError {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    // The path is where the valid prefix leaves the parser: usually inside the string that holds the byte.
    const prefix = parseText(lenientDecoder.decode(bytes.subarray(0, at)), maxDepth);
    const path = prefix.ok ? '$' : prefix.error.path;
    const shown = Array.from(bytes.subarray(at, Math.min(at + 4, bytes.length)), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    return {
      code: 'invalid-utf8',
      position: at,
      path,
      message: `Octets invalides en UTF-8 (${shown}) à l'octet ${at}, dans ${path} : le corps doit être encodé en UTF-8 (et non en Latin-1 ou Windows-1252) ; ré-encodez le texte.`,
    };
  }
}

/** Offset of the first byte that starts an ill-formed sequence (Unicode 15, table 3-7). */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = b[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k];
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
