import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DEPTH, FORBIDDEN_KEYS, parseStrictJson, type StrictJsonError, type StrictJsonResult } from './strict-json';
import { prng } from '../domain/prng';

function ok(input: string | Uint8Array, maxDepth?: number): unknown {
  const r = parseStrictJson(input, maxDepth === undefined ? undefined : { maxDepth });
  if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function refused(input: string | Uint8Array, maxDepth?: number): StrictJsonError {
  const r = parseStrictJson(input, maxDepth === undefined ? undefined : { maxDepth });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.value)}`);
  return r.error;
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Deep equality that ignores prototypes but not -0, NaN-free (JSON has none). */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function everyObject(v: unknown, check: (o: object) => void): void {
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (Array.isArray(x)) stack.push(...x);
    else if (x !== null && typeof x === 'object') {
      check(x);
      stack.push(...Object.values(x));
    }
  }
}


describe('parseStrictJson: RFC 8259', () => {
  it('reads every kind of value as JSON.parse does', () => {
    for (const text of [
      '{}', '[]', '0', '-0', '1', '-1', '3.25', '1e3', '1E+3', '2.5e-3', '-0.0e-0', '123456789012345678901234567890', '9007199254740993',
      '1e400', '-1e400', '5e-400', 'true', 'false', 'null', '""', '"abc"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u00e9\\u00C9"', '"é€😀"',
      ' \t\r\n{ "a" : [ 1 , { } , [ ] , "x" ] }\n', '{"a":{"b":{"c":[null,true,false]}}}', '{"":1,"0":2," ":3}', '"\\u0000"', '{"a\\u0000b":1}',
    ]) {
      const mine = ok(text);
      expect(sameJson(mine, JSON.parse(text)), text).toBe(true);
    }
  });

  it('keeps the number semantics of JSON.parse, including -0 and large integers', () => {
    expect(Object.is(ok('-0'), -0)).toBe(true);
    expect(ok('9007199254740993')).toBe(JSON.parse('9007199254740993'));
    expect(ok('1e400')).toBe(Infinity);
    expect(ok('0.1')).toBe(0.1);
    expect(ok('123456789012345')).toBe(123456789012345);
    expect(ok('-123456789012345')).toBe(-123456789012345);
    expect(ok('1234567890123456789')).toBe(Number('1234567890123456789'));
  });

  it('refuses what RFC 8259 does not allow, like JSON.parse', () => {
    for (const text of [
      '{"a":1,}', '[1,]', '[,1]', '{,}', '[1,,2]', '{"a":1 "b":2}', '{"a" 1}', '{a:1}', "{'a':1}", "['a']", '// c\n{}', '/* c */{}', '{"a":1/* c */}',
      'NaN', 'Infinity', '-Infinity', '+1', '01', '-01', '00', '.5', '5.', '1e', '1e+', '-', '0x10', '1_000', 'True', 'nul', 'undefined',
      '"a\nb"', '"a\tb"', '"\u0001"', '"\\x41"', '"\\u12"', '"\\u12G4"', '"\\\'"', '"abc', '[1', '{"a":1', '{"a"', '{"a":', ']', '}',
      '\u00a0{}', '{}\u00a0', '{\u2028}', '\v{}', '\f{}', '[1\u3000]', '\ufeff{}', '{} {}', '{}x', '[1]]', '1 2', '"a" "b"', '{"a":1}}',
    ]) {
      const e = refused(text);
      expect(e.code, text).toBe('syntax');
      expect(jsonParses(text), `JSON.parse accepts ${JSON.stringify(text)}`).toBe(false);
    }
  });

  it('says « empty » for an empty or blank body', () => {
    expect(refused('')).toMatchObject({ code: 'empty', position: 0, path: '$' });
    expect(refused(' \n\t\r ')).toMatchObject({ code: 'empty', position: 5, path: '$' });
    expect(refused(new Uint8Array(0)).code).toBe('empty');
    expect(refused('').message).toMatch(/^Corps vide/);
  });

  it('refuses trailing content after the document, pointing at it', () => {
    expect(refused('{"a":1} {"b":2}')).toMatchObject({ code: 'syntax', position: 8, path: '$' });
    expect(refused('{"a":1}\n]').message).toMatch(/Contenu après la fin du document JSON : « \] » \(ligne 2, colonne 1\)/);
  });

  it('names the usual mistakes in French', () => {
    expect(refused('{"a":1,}').message).toMatch(/Virgule finale/);
    expect(refused('[1,]').message).toMatch(/Virgule finale/);
    expect(refused('{"a":01}').message).toMatch(/Zéro non significatif/);
    expect(refused('{"a":NaN}').message).toMatch(/NaN, Infinity/);
    expect(refused('{"a":1 // x\n}').code).toBe('syntax');
    expect(refused('{"a":/* x */1}').message).toMatch(/Commentaire/);
    expect(refused('{"a":"x\ny"}').message).toMatch(/Caractère de contrôle U\+000A non échappé/);
    expect(refused('{"a":"\\q"}').message).toMatch(/Échappement « \\q » invalide/);
    expect(refused('{"a":tru}').message).toMatch(/Littéral inconnu/);
    expect(refused('{"a":"abc').message).toMatch(/Chaîne non terminée/);
    expect(refused('{"a":').message).toMatch(/Fin du document inattendue/);
  });
});

describe('parseStrictJson: objects have no prototype', () => {
  it('creates every object with a null prototype, arrays as arrays', () => {
    const v = ok('{"a":{"b":[{"c":{}}, []]}, "d":[{}]}');
    let objects = 0;
    everyObject(v, (o) => {
      objects++;
      expect(Object.getPrototypeOf(o)).toBeNull();
    });
    expect(objects).toBe(5);
    const o = v as Record<string, unknown>;
    const b = (o.a as Record<string, unknown>).b as unknown[];
    expect(Object.getPrototypeOf(b)).toBe(Array.prototype);
    expect(Array.isArray(b[1])).toBe(true);
    expect('toString' in o).toBe(false);
    expect(o.constructor).toBeUndefined();
    expect(JSON.stringify(v)).toBe('{"a":{"b":[{"c":{}},[]]},"d":[{}]}');
  });
});

describe('parseStrictJson: prototype keys', () => {
  const names = Object.getOwnPropertyNames(Object.prototype);

  it('refuses every own property name of Object.prototype', () => {
    expect(names).toContain('__proto__');
    expect(names).toContain('constructor');
    for (const name of names) {
      expect(FORBIDDEN_KEYS.has(name)).toBe(true);
      const e = refused(`{"${name}":1}`);
      expect(e).toMatchObject({ code: 'forbidden-key', position: 1, path: '$' });
      expect(e.message).toContain(`Clé « ${name} » interdite dans l'objet à $`);
    }
  });

  it('refuses them at every depth, in objects and arrays, and after other members', () => {
    for (const name of names) {
      for (let depth = 0; depth < DEFAULT_MAX_DEPTH; depth++) {
        const open = Array.from({ length: depth }, (_, i) => (i % 2 ? '[' : '{"k":')).join('');
        const close = Array.from({ length: depth }, (_, i) => (i % 2 ? ']' : '}')).reverse().join('');
        const text = `${open}{"ok":1,"${name}":{}}${close}`;
        const e = refused(text);
        expect(e.code, text).toBe('forbidden-key');
        expect(e.position).toBe(open.length + 8);
        const path = '$' + Array.from({ length: depth }, (_, i) => (i % 2 ? '[0]' : '.k')).join('');
        expect(e.path).toBe(path);
      }
    }
  });

  it('refuses them however they are spelt with escapes', () => {
    expect(refused('{"__pro\\u0074o__":{}}').code).toBe('forbidden-key');
    expect(refused('{"\\u0063onstructor":{"prototype":{}}}').code).toBe('forbidden-key');
    expect(refused('{"toStrin\\u0067":1}').code).toBe('forbidden-key');
  });

  it('accepts look-alikes: other case, other names, values equal to those names', () => {
    expect(ok('{"Constructor":1,"__proto":2,"proto":3,"prototype":4,"toJSON":5,"a":"__proto__"}')).toBeTruthy();
  });
});

describe('parseStrictJson: duplicate keys', () => {
  it('refuses a key repeated in one object, at its second occurrence', () => {
    const text = '{"participant":[{"actor":{},"resourceType":"A","resourceType":"B"}]}';
    const at = text.lastIndexOf('"resourceType"');
    const e = refused(text);
    expect(e).toMatchObject({ code: 'duplicate-key', position: at, path: '$.participant[0]' });
    expect(e.message).toBe(
      `Clé « resourceType » en double dans l'objet à $.participant[0] (ligne 1, colonne ${at + 1}) : une clé ne peut apparaître qu'une fois.`,
    );
  });

  it('refuses a second resourceType at the top, whatever lies between', () => {
    expect(refused('{"resourceType":"Appointment","status":"booked","x":{"resourceType":"Patient"},"resourceType":"Patient"}')).toMatchObject({
      code: 'duplicate-key',
      path: '$',
    });
  });

  it('sees through escapes and tells empty keys apart', () => {
    expect(refused('{"a":1,"\\u0061":2}').code).toBe('duplicate-key');
    expect(refused('{"":1,"":2}').code).toBe('duplicate-key');
    expect(refused('{"é":1,"\\u00e9":2}').code).toBe('duplicate-key');
    expect(refused('{"a":null,"a":null}').code).toBe('duplicate-key');
  });

  it('accepts the same key in different objects, and keys that differ only in case', () => {
    expect(ok('{"a":{"a":1},"b":[{"a":1},{"a":2}],"A":1}')).toBeTruthy();
  });

  it('keeps apart many distinct keys (more than any cache of names)', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i.toString(36)}_${'x'.repeat(i % 70)}`);
    const text = `{${keys.map((k, i) => `"${k}":${i}`).join(',')}}`;
    const v = ok(text) as Record<string, number>;
    expect(Object.keys(v)).toEqual(keys);
    expect(refused(`{${keys.map((k, i) => `"${k}":${i}`).join(',')},"${keys[1234]}":0}`).code).toBe('duplicate-key');
  });
});

describe('parseStrictJson: depth', () => {
  const nest = (n: number, open: string, close: string, inner = '0') => open.repeat(n) + inner + close.repeat(n);

  it('accepts 64 levels and refuses 65, arrays and objects alike', () => {
    expect(ok(nest(64, '[', ']'))).toBeTruthy();
    expect(ok(nest(64, '{"a":', '}'))).toBeTruthy();
    expect(refused(nest(65, '[', ']'))).toMatchObject({ code: 'depth', position: 64 });
    const e = refused(nest(65, '{"a":', '}'));
    expect(e).toMatchObject({ code: 'depth', position: 64 * 5 });
    expect(e.path).toBe('$' + '.a'.repeat(64));
    expect(e.message).toMatch(/au plus 64 niveaux/);
    expect(refused(nest(33, '[{"a":', '}]')).code).toBe('depth');
  });

  it('counts empty containers and honours maxDepth', () => {
    expect(refused('['.repeat(65) + ']'.repeat(65)).code).toBe('depth');
    expect(ok('[[[]]]', 3)).toEqual([[[]]]);
    expect(refused('[[[[]]]]', 3)).toMatchObject({ code: 'depth', position: 3, path: '$[0][0][0]' });
    expect(refused('{}', 0).code).toBe('depth');
    expect(ok('1', 0)).toBe(1);
  });

  it('refuses 5,000 and 100,000 levels without throwing', () => {
    for (const n of [5_000, 100_000]) {
      expect(refused(nest(n, '[', ']')).code).toBe('depth');
      expect(refused(nest(n, '{"a":', '}')).code).toBe('depth');
      expect(refused('['.repeat(n)).code).toBe('depth');
      expect(refused(nest(n / 2, '[{"a":', '}]')).code).toBe('depth');
      expect(refused(utf8(nest(n, '[', ']'))).code).toBe('depth');
    }
  });

  it('parses 100,000 levels when asked to, on an explicit stack', () => {
    let x = ok(nest(100_000, '[', ']'), Infinity);
    let d = 0;
    for (; Array.isArray(x); x = x[0]) d++;
    expect(d).toBe(100_000);
  });

  it('rejects a nonsensical maxDepth', () => {
    expect(() => parseStrictJson('{}', { maxDepth: NaN })).toThrow(RangeError);
    expect(() => parseStrictJson('{}', { maxDepth: -1 })).toThrow(RangeError);
  });
});

describe('parseStrictJson: surrogates', () => {
  it('refuses escapes that do not form a pair', () => {
    for (const [s, at] of [
      ['"\\ud800"', 1], ['"\\udc00"', 1], ['"\\ud800\\u0041"', 1], ['"\\ud800\\ud800"', 1], ['"\\udc00\\ud800"', 1], ['"x\\uDBFF"', 2],
      ['"\\ud800x"', 1], ['"\\ud800\\n"', 1], ['"ok\\ud83d\\ude00\\ude00"', 15],
    ] as const) {
      expect(refused(s), s).toMatchObject({ code: 'lone-surrogate', position: at, path: '$' });
    }
    expect(refused('{"a":["\\ud800"]}')).toMatchObject({ code: 'lone-surrogate', position: 7, path: '$.a[0]' });
    expect(refused('{"a\\udc00":1}')).toMatchObject({ code: 'lone-surrogate', path: '$' });
    expect(refused('"\\ud800"').message).toMatch(/Demi-caractère UTF-16 isolé \(U\+D800\)/);
  });

  it('accepts a valid pair, escaped or raw', () => {
    expect(ok('"\\ud83d\\ude00"')).toBe('😀');
    expect(ok('"\\uD83D\\uDE00"')).toBe('😀');
    expect(ok('"😀"')).toBe('😀');
    expect(ok('{"😀":"😀"}')).toEqual({ '😀': '😀' });
  });

  it('refuses raw lone surrogates in a string input, and a pair split between raw and escaped', () => {
    expect(refused('"a\ud800b"')).toMatchObject({ code: 'lone-surrogate', position: 2 });
    expect(refused('"\udc00"')).toMatchObject({ code: 'lone-surrogate', position: 1 });
    expect(refused('"\ud800"')).toMatchObject({ code: 'lone-surrogate', position: 1 });
    expect(refused('{"k\ud800":1}')).toMatchObject({ code: 'lone-surrogate', position: 3 });
    expect(refused('"\\ud83d\ude00"').code).toBe('lone-surrogate');
    expect(refused('"\ud83d\\ude00"').code).toBe('lone-surrogate');
  });
});

describe('parseStrictJson: bytes', () => {
  it('decodes UTF-8 and reports positions in the decoded text', () => {
    expect(ok(utf8('{"é":"€😀"}'))).toEqual({ é: '€😀' });
    expect(refused(utf8('{"é":1,"é":2}'))).toMatchObject({ code: 'duplicate-key', position: 7 });
  });

  it('refuses invalid UTF-8 with the offset of the first bad byte and where it sits', () => {
    const e = refused(bytes(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d));
    expect(e).toMatchObject({ code: 'invalid-utf8', position: 6, path: '$.a' });
    expect(e.message).toMatch(/Octets invalides en UTF-8 \(C3 28/);
    expect(e.message).toMatch(/Latin-1/);
  });

  it('refuses overlong forms, encoded surrogates, out-of-range and truncated sequences', () => {
    const q = 0x22;
    for (const seq of [
      [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xe0, 0x9f, 0xbf], [0xf0, 0x80, 0x80, 0xaf], [0xf0, 0x8f, 0xbf, 0xbf],
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80],
      [0xff], [0xfe], [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3, 0xc3, 0xa9],
    ]) {
      const e = refused(bytes(q, 0x61, ...seq, q));
      expect(e.code, seq.map((b) => b.toString(16)).join(' ')).toBe('invalid-utf8');
      expect(e.position).toBe(2);
    }
    expect(refused(bytes(0x22, 0xe2, 0x82)).code).toBe('invalid-utf8');
    expect(refused(bytes(0xc3)).position).toBe(0);
  });

  it('refuses a byte order mark, as bytes or as text', () => {
    const e = refused(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d));
    expect(e).toMatchObject({ code: 'syntax', position: 0, path: '$' });
    expect(e.message).toMatch(/BOM/);
    expect(refused('\ufeff{}').message).toMatch(/BOM/);
    expect(refused('{"a":1}\ufeff').code).toBe('syntax');
  });

  it('reads a Buffer-like view with an offset into a larger buffer', () => {
    const whole = utf8('xx{"a":[1,2]}yy');
    expect(ok(whole.subarray(2, whole.length - 2))).toEqual({ a: [1, 2] });
  });
});

describe('parseStrictJson: positions and paths', () => {
  it('locates errors in nested documents', () => {
    const cases: [string, Partial<StrictJsonError>][] = [
      ['{"a":[1,2,{"b":x}]}', { position: 15, path: '$.a[2].b' }],
      ['{"a":[1,2 3]}', { position: 10, path: '$.a' }],
      ['{"a":{"b":1 "c":2}}', { position: 12, path: '$.a' }],
      ['{"a b":{"c-d":[true,fals]}}', { position: 20, path: '$["a b"]["c-d"][1]' }],
      ['{"a":{"b":"\\ud800"}}', { position: 11, path: '$.a.b' }],
      ['[{}, {"x": 1, "x": 2}]', { position: 14, path: '$[1]' }],
      ['[0, 1, [2, 3, [4, -]]]', { position: 18, path: '$[2][2][1]' }],
    ];
    for (const [text, expected] of cases) expect(refused(text), text).toMatchObject(expected);
  });

  it('gives line and column in the message', () => {
    const text = '{\n  "resourceType": "Appointment",\n  "status": "booked",\n  "status": "cancelled"\n}';
    const e = refused(text);
    expect(e).toMatchObject({ code: 'duplicate-key', path: '$', position: text.lastIndexOf('"status"') });
    expect(e.message).toContain('(ligne 4, colonne 3)');
  });
});

// ---------------------------------------------------------------------------------------------------
// Property-based: random valid documents, written in random but valid ways, read as JSON.parse reads them.

function generator(seed: number) {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const alphabet = ['a', 'b', 'z', 'A', '_', '-', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '€', '«', '\u2028', '😀', '\ud83d\ude00', ':', ',', '{', '['];
  const forbidden = FORBIDDEN_KEYS;
  const text = (max: number) => {
    let s = '';
    const n = int(max);
    for (let i = 0; i < n; i++) s += r() < 0.6 ? String.fromCharCode(97 + int(26)) : pick(alphabet);
    return s;
  };
  const numberText = () =>
    pick([
      () => String(int(1000)),
      () => String(-int(1e9)),
      () => String(r() * 1e6),
      () => String(-r()),
      () => `${int(10)}.${int(1000)}e${pick(['', '+', '-'])}${int(300)}`,
      () => `${pick(['', '-'])}0.${int(100)}E${int(20)}`,
      () => String(int(2 ** 31) * 2 ** 22 + int(1000)),
      () => '0',
      () => '-0',
    ])();
  const value = (depth: number): unknown => {
    const k = depth > 12 ? int(4) : int(7);
    switch (k) {
      case 0: return null;
      case 1: return r() < 0.5;
      case 2: return { __number: numberText() };
      case 3: return text(12);
      case 4: case 5: {
        const o: Record<string, unknown> = {};
        const n = int(6);
        for (let i = 0; i < n; i++) {
          const key = r() < 0.7 ? pick(['resourceType', 'status', 'participant', 'actor', 'identifier', 'system', 'value', 'url', 'code', 'coding', 'type']) : text(8);
          if (!forbidden.has(key) && !(key in o)) o[key] = value(depth + 1);
        }
        return o;
      }
      default: return Array.from({ length: int(5) }, () => value(depth + 1));
    }
  };
  // Writes the value as valid JSON, choosing among the spellings RFC 8259 allows.
  const ws = () => (r() < 0.7 ? '' : pick([' ', '\n', '\t', '\r\n', '  ', '\n    ']));
  const escapeChar = (c: string) => {
    const code = c.charCodeAt(0);
    if (c === '"') return '\\"';
    if (c === '\\') return '\\\\';
    if (code < 0x20) return pick([`\\u${code.toString(16).padStart(4, '0')}`, ...(c === '\n' ? ['\\n'] : []), ...(c === '\t' ? ['\\t'] : [])]);
    if (r() < 0.1) return `\\u${code.toString(16).padStart(4, '0')}`;
    if (r() < 0.05) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (c === '/' && r() < 0.5) return '\\/';
    return c;
  };
  const str = (s: string) => {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        out += r() < 0.5 ? s.slice(i, i + 2) : `\\u${c.toString(16)}\\u${s.charCodeAt(i + 1).toString(16)}`;
        i++;
      } else out += escapeChar(s[i]);
    }
    return `${out}"`;
  };
  const write = (v: unknown): string => {
    if (v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => `${write(x)}${ws()}`).join(`,${ws()}`)}]`;
    const o = v as Record<string, unknown>;
    if (typeof o.__number === 'string') return o.__number;
    return `{${ws()}${Object.entries(o).map(([k, x]) => `${str(k)}${ws()}:${ws()}${write(x)}${ws()}`).join(`,${ws()}`)}}`;
  };
  return () => `${ws()}${write(value(0))}${ws()}`;
}

describe('parseStrictJson: property-based', () => {
  it('reads 10,000 random valid documents exactly as JSON.parse does', () => {
    const next = generator(20261123);
    for (let i = 0; i < 10_000; i++) {
      const text = next();
      const r = parseStrictJson(text);
      if (!r.ok) throw new Error(`case ${i} refused: ${r.error.message}\n${text}`);
      if (!sameJson(r.value, JSON.parse(text))) throw new Error(`case ${i} differs from JSON.parse\n${text}`);
      everyObject(r.value, (o) => {
        if (!Array.isArray(o) && Object.getPrototypeOf(o) !== null) throw new Error(`case ${i}: an object has a prototype`);
      });
      if (i % 10 === 0) {
        const b = parseStrictJson(utf8(text));
        if (!b.ok || !sameJson(b.value, r.value)) throw new Error(`case ${i} differs when given as bytes`);
      }
    }
  });

  it('never accepts a mutated document that JSON.parse refuses, and never throws', () => {
    const next = generator(7);
    const r = prng(99);
    const junk = ['', ',', ':', '{', '}', '[', ']', '"', '\\', '0', '-', 'e', '.', ' ', '\u0000', '\ud800', 'x', 'true', '\\u', '\\ud800'];
    let refusedCount = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = next();
      const at = Math.floor(r() * (text.length + 1));
      const cut = Math.floor(r() * 3);
      const mutated = text.slice(0, at) + junk[Math.floor(r() * junk.length)] + text.slice(at + cut);
      let result: StrictJsonResult;
      try {
        result = parseStrictJson(mutated);
      } catch (e) {
        throw new Error(`case ${i} threw ${(e as Error).message}\n${mutated}`);
      }
      if (result.ok) {
        if (!jsonParses(mutated) || !sameJson(result.value, JSON.parse(mutated))) throw new Error(`case ${i} accepted what JSON.parse does not read the same way\n${mutated}`);
      } else {
        refusedCount++;
        expect(result.error.position).toBeGreaterThanOrEqual(0);
        expect(result.error.position).toBeLessThanOrEqual(mutated.length);
        expect(result.error.path.startsWith('$')).toBe(true);
        if (jsonParses(mutated)) expect(['duplicate-key', 'forbidden-key', 'lone-surrogate', 'depth']).toContain(result.error.code);
      }
    }
    expect(refusedCount).toBeGreaterThan(1000);
  });

  it('never throws on random bytes', () => {
    const r = prng(3);
    for (let i = 0; i < 2_000; i++) {
      const b = new Uint8Array(Math.floor(r() * 64));
      for (let k = 0; k < b.length; k++) b[k] = r() < 0.5 ? '{}[]",:0-e.tfnul \\'.charCodeAt(Math.floor(r() * 18)) : Math.floor(r() * 256);
      const result = parseStrictJson(b);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
    }
  });
});
