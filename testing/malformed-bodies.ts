// Malformed and hostile appointment bodies for fuzzing the gateway, from a seed: the same seed gives the
// same bodies, byte for byte. Each starts from one of our valid fixtures and breaks it at one layer
// (bytes, JSON text, JSON value, FHIR content), sometimes several.
//
// None of them is an appointment the gateway may store. Many mutations cannot turn out valid (a
// truncation, a duplicate key); some can (a flipped bit inside a display text, an unknown element, a
// string where nothing is checked). Each body is therefore run through the gateway's own checks
// (strict JSON, resourceType, prepareAppointment without IG package: a package only adds refusals) and,
// when it would pass, rebuilt from a fixture that breaks a rule for sure (`+invalid:<how>` in its name).
import { prepareAppointment } from '../electron/core/appointments/prepare-appointment';
import { MAX_APPOINTMENT_BODY_BYTES } from '../shared/fhir/ig';
import { isObject, type Json, type JsonObject } from '../shared/fhir/json';
import { parseStrictJson } from '../shared/fhir/strict-json';
import { cptsAppointment, EDITOR_SYSTEM, psAppointment, sosAppointment } from './fixtures';
import { prng } from '../shared/domain/prng';

export interface MalformedBody {
  /** What was done, to find the body again from a failing test's output. */
  name: string;
  body: Uint8Array | string;
  /** Absent: the caller's default (application/fhir+json). */
  contentType?: string;
}

type Rng = () => number;


class Dice {
  constructor(readonly next: Rng) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  uuid(): string {
    const hex = () => this.int(16).toString(16);
    const run = (n: number) => Array.from({ length: n }, hex).join('');
    return `${run(8)}-${run(4)}-4${run(3)}-${this.pick(['8', '9', 'a', 'b'])}${run(3)}-${run(12)}`;
  }
}

const encoder = new TextEncoder();
const MAX_BYTES = MAX_APPOINTMENT_BODY_BYTES;

// ---------------------------------------------------------------------------------------------------
// Valid starting points, and ways to make one certainly invalid.

function validBase(d: Dice): JsonObject {
  const identifier = [{ system: EDITOR_SYSTEM, value: d.uuid() }];
  const make = d.pick([psAppointment, cptsAppointment, sosAppointment]);
  const a = make({ identifier });
  if (d.chance(0.5)) {
    // Text beyond ASCII, for the encoding mutations (Latin-1, UTF-16, split sequences).
    a.comment = d.pick(['Régulation : patient vu à domicile, fièvre à 39 °C', 'Rendez-vous « urgent » pris par le SAS — 15', 'Œdème, douleur ; rappel à 18 h 😀']);
  }
  return a;
}

const INVALIDATE: readonly [string, (a: JsonObject) => void][] = [
  ['no-status', (a) => delete a.status],
  ['status-unknown', (a) => (a.status = 'reserved')],
  ['no-identifier', (a) => (a.identifier = [])],
  ['no-participant', (a) => delete a.participant],
  ['start-not-a-date', (a) => (a.start = 'demain matin')],
  ['end-before-start', (a) => (a.end = '2026-03-10T08:00:00+01:00')],
  ['two-identifiers', (a) => (a.identifier = [...(a.identifier as Json[]), { system: EDITOR_SYSTEM, value: 'second' }])],
];

/** The gateway's verdict, in process, without IG package: would this body become an appointment? */
export function wouldBeStored(body: Uint8Array | string): boolean {
  // fetch sends a string as UTF-8, lone surrogates replaced: judge the bytes the gateway will read.
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  if (bytes.length > MAX_BYTES) return false;
  const parsed = parseStrictJson(bytes);
  if (!parsed.ok || !isObject(parsed.value) || parsed.value.resourceType !== 'Appointment') return false;
  try {
    return prepareAppointment(parsed.value, null).ok;
  } catch {
    // A validator that throws answers 500: that is for the fuzz test to report, not a stored appointment.
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Helpers on JSON text.

/** Offsets of the structural characters of a JSON text (outside strings), tolerant of broken texts. */
function structural(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ('{}[],:'.includes(c)) out.push(i);
  }
  return out;
}

/** Offsets just after the opening quote of each string value (the quote that follows a colon). */
function valueStrings(text: string): number[] {
  return structural(text)
    .filter((i) => text[i] === ':')
    .map((i) => {
      let j = i + 1;
      while (' \n\r\t'.includes(text[j] ?? '')) j++;
      return text[j] === '"' ? j + 1 : -1;
    })
    .filter((i) => i > 0);
}

/** End (exclusive) of the JSON value that starts at i, by bracket counting. */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return j + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return j;
      if (--depth === 0) return j + 1;
    } else if (c === ',' && depth === 0) return j;
  }
  return text.length;
}

/** The first member (`"key":value`) of the object opened at `open`, or null for `{}`. */
function firstMember(text: string, open: number): { start: number; end: number } | null {
  let start = open + 1;
  while (' \n\r\t'.includes(text[start] ?? '')) start++;
  if (text[start] !== '"') return null;
  const colon = text.indexOf(':', valueEnd(text, start));
  let v = colon + 1;
  while (' \n\r\t'.includes(text[v] ?? '')) v++;
  return { start, end: valueEnd(text, v) };
}

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

function spliceBytes(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** JSON text of `value`, compact or pretty-printed, with the number placeholders written out. */
function serialize(d: Dice, value: unknown): string {
  const style = d.int(6);
  const text = style === 0 ? JSON.stringify(value, null, 2) : style === 1 ? JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n') : JSON.stringify(value);
  return text.replace(NUMBER_MARK, '$1');
}

/** Every path to a value inside `v`, the root excluded. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v !== null && typeof v === 'object' ? Object.entries(v) : [];
  for (const [k, x] of children) {
    out.push([...at, k]);
    paths(x, [...at, k], out);
  }
  return out;
}

function pathName(p: (string | number)[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '');
}

function setAt(root: JsonObject, path: (string | number)[], value: Json | undefined): void {
  let o: Json = root;
  for (const k of path.slice(0, -1)) o = (o as Record<string | number, Json>)[k];
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(o)) o.splice(last as number, 1);
    else delete (o as JsonObject)[last];
  } else (o as Record<string | number, Json>)[last] = value;
}

function getAt(root: JsonObject, path: (string | number)[]): Json {
  let o: Json = root;
  for (const k of path) o = (o as Record<string | number, Json>)[k];
  return o;
}

/** Numbers no appointment needs, written as text: JSON.stringify could not keep them. */
const HUGE_NUMBERS = ['1e400', '-1e400', '1e308', '4.9e-324', '5e-400', '123456789012345678901234567890', '9007199254740993', '-0', `1${'0'.repeat(5000)}`, `0.${'0'.repeat(400)}1`, '1E+2', '-0.0e-0'];
const NUMBER_MARK = /"@@number:([^"@]*)@@"/g;

function wrongTypeFor(d: Dice, current: Json): { label: string; value: Json } {
  const all: { label: string; value: Json }[] = [
    { label: 'string', value: d.pick(['', 'x', '42', 'true', 'null', '{}', '[]', 'booked']) },
    { label: 'number', value: d.pick([0, -1, 42, 3.14, 1e21, Number.MAX_SAFE_INTEGER]) },
    { label: 'huge-number', value: `@@number:${d.pick(HUGE_NUMBERS)}@@` },
    { label: 'boolean', value: d.chance(0.5) },
    { label: 'null', value: null },
    { label: 'object', value: d.pick<Json>([{}, { value: 'x' }, { url: 'x', valueString: 'y' }]) },
    { label: 'array', value: d.pick<Json>([[], ['x'], [{}], [null], [[]]]) },
  ];
  const kind = Array.isArray(current) ? 'array' : current === null ? 'null' : typeof current === 'object' ? 'object' : typeof current;
  const others = all.filter((o) => o.label !== kind && !(kind === 'number' && o.label === 'huge-number'));
  return d.pick(others);
}

// ---------------------------------------------------------------------------------------------------
// Mutations. Each takes a valid base (possibly made invalid beforehand) and returns a body.

type Mutation = { weight: number; make: (d: Dice, base: JsonObject) => MalformedBody };

const LONE_SURROGATES = ['\\ud800', '\\udc00', '\\uDBFF', '\\ud800\\u0041', '\\udc00\\ud800', '\\ud83d'];
const INVALID_UTF8: readonly number[][] = [
  [0xc3, 0x28], [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xf0, 0x80, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff], [0xfe], [0x80], [0xbf, 0xbf], [0xe2, 0x82], [0xe9], [0xc3],
];
const PROTOTYPE_KEYS = [...Object.getOwnPropertyNames(Object.prototype), '__pro\\u0074o__', '\\u0063onstructor'];
const OTHER_RESOURCE_TYPES: Json[] = ['Patient', 'Bundle', 'OperationOutcome', 'Slot', 'appointment', 'APPOINTMENT', 'Appointment ', ' Appointment', 'Appointment\u0000', 'Appointmen', 'Appointment\u200b', '', null, 1, true, {}, [], ['Appointment'], { value: 'Appointment' }];
const UNKNOWN_FIELDS = ['foo', 'Status', 'resourcetype', '_status', 'appointmentStatus', 'x-editor', 'patient', 'extension2', 'modifierExtension', 'contained', 'text', '__meta'];

const MUTATIONS: Record<string, Mutation> = {
  truncate: {
    weight: 8,
    make: (d, base) => {
      const bytes = encoder.encode(serialize(d, base));
      // Cuts inside multi-byte characters are welcome: they also make invalid UTF-8.
      const at = d.chance(0.1) ? d.int(4) : d.int(bytes.length);
      return { name: `truncate@${at}/${bytes.length}`, body: bytes.slice(0, at) };
    },
  },
  'flip-bits': {
    weight: 8,
    make: (d, base) => {
      const bytes = encoder.encode(serialize(d, base));
      const n = d.between(1, 8);
      const where: string[] = [];
      for (let k = 0; k < n; k++) {
        const at = d.int(bytes.length);
        const bit = 1 << d.int(8);
        bytes[at] ^= bit;
        where.push(`${at}^${bit}`);
      }
      return { name: `flip-bits:${where.join(',')}`, body: bytes };
    },
  },
  'structural-char': {
    weight: 10,
    make: (d, base) => {
      let text = serialize(d, base);
      const edits: string[] = [];
      for (let k = d.between(1, 3); k > 0; k--) {
        const marks = structural(text);
        if (d.chance(0.5) && marks.length) {
          const at = d.pick(marks);
          edits.push(`-${text[at]}@${at}`);
          text = splice(text, at, 1, '');
        } else {
          const c = d.pick(['{', '}', '[', ']', '"', ',', ':', ',,', '""', '{}', '[]']);
          const at = d.chance(0.7) && marks.length ? d.pick(marks) + d.int(2) : d.int(text.length + 1);
          edits.push(`+${c}@${at}`);
          text = splice(text, at, 0, c);
        }
      }
      return { name: `structural-char:${edits.join(' ')}`, body: text };
    },
  },
  'deep-nesting': {
    weight: 4,
    make: (d, base) => {
      const n = d.pick([65, 66, 100, 1_000, 5_000, 20_000, 100_000]);
      const [open, close, label] = d.pick([
        ['[', ']', '['],
        ['{"a":', '}', '{"a":'],
        ['[{"extension":', '}]', '[{"extension":'],
      ] as const);
      const levels = open.length > 5 ? Math.ceil(n / 2) : n;
      const deep = open.repeat(levels) + '1' + close.repeat(levels);
      const text = serialize(d, base);
      if (d.chance(0.3)) return { name: `deep-nesting:top:${label}×${levels}`, body: `${open.repeat(levels)}${text}${close.repeat(levels)}` };
      if (d.chance(0.2)) return { name: `deep-nesting:unclosed:${label}×${levels}`, body: text.slice(0, -1) + `,"extension":${open.repeat(levels)}` };
      const field = d.pick(['extension', 'participant', 'meta', 'comment', 'identifier']);
      const at = text.indexOf('{') + 1;
      return { name: `deep-nesting:${field}:${label}×${levels}`, body: splice(text, at, 0, `"${field}Deep":${deep},`) };
    },
  },
  'prototype-key': {
    weight: 6,
    make: (d, base) => {
      const text = serialize(d, base);
      const opens = structural(text).filter((i) => text[i] === '{');
      const open = d.pick(opens);
      const key = d.pick(PROTOTYPE_KEYS);
      const value = d.pick(['{"polluted":true}', '{"prototype":{"polluted":true}}', '"x"', '1', 'null', '[]', '{"status":"booked"}']);
      const last = d.chance(0.4);
      const at = last ? valueEnd(text, open) - 1 : open + 1;
      const empty = text[open + 1] === '}';
      const member = `"${key}":${value}`;
      const insert = last ? (empty ? member : `,${member}`) : empty ? member : `${member},`;
      return { name: `prototype-key:${key}@${open}${last ? ':last' : ''}`, body: splice(text, at, 0, insert) };
    },
  },
  'duplicate-key': {
    weight: 6,
    make: (d, base) => {
      const text = serialize(d, base);
      if (d.chance(0.4)) {
        const other = d.pick(['"resourceType":"Patient"', '"resourceType":"Appointment"', '"status":"cancelled"', `"identifier":[{"system":"${EDITOR_SYSTEM}","value":"other"}]`]);
        const before = d.chance(0.5);
        const at = before ? text.indexOf('{') + 1 : text.lastIndexOf('}');
        return { name: `duplicate-key:${other.split(':')[0]}:${before ? 'first' : 'last'}`, body: splice(text, at, 0, before ? `${other},` : `,${other}`) };
      }
      const opens = structural(text).filter((i) => text[i] === '{' && text[i + 1] !== '}');
      const m = opens.length ? firstMember(text, d.pick(opens)) : null;
      if (!m) return { name: 'duplicate-key:resourceType', body: splice(text, text.indexOf('{') + 1, 0, '"resourceType":"Appointment",') };
      const member = text.slice(m.start, m.end);
      return { name: `duplicate-key:${member.slice(0, member.indexOf(':'))}@${m.start}`, body: splice(text, m.end, 0, `,${member}`) };
    },
  },
  'lone-surrogate': {
    weight: 5,
    make: (d, base) => {
      const text = serialize(d, base);
      if (d.chance(0.25)) {
        // As bytes: a surrogate encoded in UTF-8 (CESU-8), which no decoder may accept.
        const bytes = encoder.encode(text);
        const quotes = valueStrings(text).map((i) => encoder.encode(text.slice(0, i)).length);
        const at = quotes.length ? d.pick(quotes) : 2;
        const seq = d.pick([[0xed, 0xa0, 0x80], [0xed, 0xb0, 0x80], [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]]);
        return { name: `lone-surrogate:bytes ${hex(seq)}@${at}`, body: spliceBytes(bytes, at, 0, seq) };
      }
      const escape = d.pick(LONE_SURROGATES);
      const inKey = d.chance(0.2);
      const strings = valueStrings(text);
      const at = inKey || !strings.length ? text.indexOf('"') + 1 : d.pick(strings) + (d.chance(0.5) ? 0 : 1);
      return { name: `lone-surrogate:${escape}${inKey ? ':key' : ''}@${at}`, body: splice(text, at, 0, escape) };
    },
  },
  'invalid-utf8': {
    weight: 6,
    make: (d, base) => {
      const text = serialize(d, base);
      const bytes = encoder.encode(text);
      const roll = d.int(10);
      const units = Array.from({ length: text.length }, (_, k) => text.charCodeAt(k));
      if (roll === 0 && units.some((u) => u > 0x7f)) {
        // The whole body in Latin-1, as a misconfigured editor sends it.
        const latin1 = Uint8Array.from(units, (u) => (u > 0xff ? 0x3f : u));
        return { name: 'invalid-utf8:latin-1', body: latin1, contentType: d.pick([undefined, 'application/fhir+json; charset=iso-8859-1']) };
      }
      if (roll === 1) {
        const le = d.chance(0.5);
        const out = new Uint8Array(units.length * 2 + 2);
        out.set(le ? [0xff, 0xfe] : [0xfe, 0xff], 0);
        units.forEach((u, k) => out.set(le ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff], 2 + k * 2));
        const bom = d.chance(0.5);
        return { name: `invalid-utf8:utf-16${le ? 'le' : 'be'}${bom ? '+bom' : ''}`, body: bom ? out : out.subarray(2), contentType: d.pick([undefined, 'application/fhir+json; charset=utf-16']) };
      }
      const seq = d.pick(INVALID_UTF8);
      const candidates = valueStrings(text).map((i) => encoder.encode(text.slice(0, i)).length);
      const at = d.chance(0.8) && candidates.length ? d.pick(candidates) + d.int(3) : d.int(bytes.length + 1);
      return { name: `invalid-utf8:${hex(seq)}@${at}`, body: spliceBytes(bytes, Math.min(at, bytes.length), 0, seq) };
    },
  },
  'wrong-type': {
    weight: 14,
    make: (d, base) => {
      const changes: string[] = [];
      for (let k = d.chance(0.7) ? 1 : d.between(2, 4); k > 0; k--) {
        const all = paths(base);
        if (!all.length) break;
        const p = d.pick(all);
        const { label, value } = wrongTypeFor(d, getAt(base, p));
        setAt(base, p, value);
        changes.push(`${pathName(p)}=${label}`);
      }
      return { name: `wrong-type:${changes.join(',')}`, body: serialize(d, base) };
    },
  },
  'huge-number': {
    weight: 5,
    make: (d, base) => {
      const scalars = paths(base).filter((q) => typeof getAt(base, q) !== 'object');
      const p = scalars.length ? d.pick(scalars) : ['minutesDuration'];
      const n = d.pick(HUGE_NUMBERS);
      setAt(base, p, `@@number:${n}@@`);
      if (d.chance(0.5)) base.minutesDuration = `@@number:${d.pick(HUGE_NUMBERS)}@@`;
      return { name: `huge-number:${pathName(p)}=${n.length > 20 ? `${n.slice(0, 8)}…(${n.length})` : n}`, body: serialize(d, base) };
    },
  },
  'unknown-field': {
    weight: 5,
    make: (d, base) => {
      const objects = [[], ...paths(base).filter((p) => isObject(getAt(base, p)))] as (string | number)[][];
      const added: string[] = [];
      for (let k = d.between(1, 3); k > 0; k--) {
        const p = d.pick(objects);
        const name = d.pick(UNKNOWN_FIELDS);
        const target = p.length ? (getAt(base, p) as JsonObject) : base;
        target[name] = d.pick<Json>(['x', 1, null, {}, [], { url: 'http://example.org', valueString: 'y' }]);
        added.push(`${pathName([...p, name])}`);
      }
      return { name: `unknown-field:${added.join(',')}`, body: serialize(d, base) };
    },
  },
  'remove-field': {
    weight: 4,
    make: (d, base) => {
      const p = d.pick(paths(base));
      setAt(base, p, undefined);
      return { name: `remove-field:${pathName(p)}`, body: serialize(d, base) };
    },
  },
  'enormous-string': {
    weight: 0.5,
    make: (d, base) => {
      // Up to 16 KiB below the limit: room for the rest of the document, pretty-printed.
      const size = d.between(64 * 1024, MAX_BYTES - 16 * 1024);
      const unit = d.pick(['x', 'é', '€', '😀', 'ab"\\', '\u0000']);
      const where = d.pick(['comment', 'description', 'status', 'identifier', 'key', 'participant-display']);
      const unitBytes = encoder.encode(JSON.stringify(unit)).length - 2;
      const huge = unit.repeat(Math.floor(size / unitBytes));
      if (where === 'comment' || where === 'description' || where === 'status') base[where] = huge;
      else if (where === 'identifier') base.identifier = [{ system: EDITOR_SYSTEM, value: huge }];
      else if (where === 'key') base[huge] = 'x';
      else {
        const first = Array.isArray(base.participant) ? base.participant[0] : undefined;
        if (isObject(first)) first.actor = { display: huge };
        else base.participant = [{ actor: { display: huge }, status: 'accepted' }];
      }
      const body = serialize(d, base);
      return { name: `enormous-string:${where}:${JSON.stringify(unit)}×${huge.length / unit.length}`, body };
    },
  },
  'nul-or-control': {
    weight: 6,
    make: (d, base) => {
      const text = serialize(d, base);
      const c = d.pick(['\u0000', '\u0001', '\u0007', '\b', '\u001b', '\u001f', '\n', '\t', '\r', '\u007f', '\u0085', '\u2028', '\u00a0', '\ufeff']);
      const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      const roll = d.int(4);
      if (roll === 0) return { name: `nul-or-control:${code}:trailing`, body: text + c.repeat(d.between(1, 16)) };
      if (roll === 1) return { name: `nul-or-control:${code}:between-tokens`, body: splice(text, d.pick(structural(text)) + 1, 0, c) };
      const escaped = roll === 2;
      const strings = valueStrings(text);
      const at = strings.length ? d.pick(strings) : text.indexOf('"') + 1;
      const insert = escaped ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
      return { name: `nul-or-control:${code}:${escaped ? 'escaped' : 'raw'}-in-string@${at}`, body: splice(text, at + d.int(3), 0, insert) };
    },
  },
  'resource-type': {
    weight: 5,
    make: (d, base) => {
      const rt = d.chance(0.1) ? undefined : d.pick(OTHER_RESOURCE_TYPES);
      if (rt === undefined) delete base.resourceType;
      else base.resourceType = rt;
      return { name: `resource-type:${rt === undefined ? 'absent' : JSON.stringify(rt)}`, body: serialize(d, base) };
    },
  },
  'top-level': {
    weight: 4,
    make: (d, base) => {
      const text = serialize(d, base);
      const body = d.pick([
        `[${text}]`, `[${text},${text}]`, '[]', '[[]]', '{}', '"Appointment"', '42', '-0', 'null', 'true', 'false', `"${text.replace(/["\\]/g, '\\$&')}"`,
        `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":${text}}]}`,
      ]);
      return { name: `top-level:${body.length > 24 ? `${body.slice(0, 16)}…` : body}`, body };
    },
  },
  'not-json': {
    weight: 5,
    make: (d, base) => {
      const text = serialize(d, base);
      const variants: [string, () => string | Uint8Array, string?][] = [
        ['empty', () => ''],
        ['blank', () => d.pick([' ', '\n\n', '\t \r\n'])],
        // Invalid beneath the BOM too: a gateway that one day skips BOMs must still refuse these.
        ['bom', () => `\ufeff${serialize(d, { ...base, status: 'reserved' })}`],
        ['bom-bytes', () => spliceBytes(encoder.encode(serialize(d, { ...base, status: 'reserved' })), 0, 0, [0xef, 0xbb, 0xbf])],
        ['comment', () => splice(text, text.indexOf('{') + 1, 0, d.pick(['// note\n', '/* note */']))],
        ['trailing-comma', () => splice(text, text.lastIndexOf('}'), 0, ',')],
        ['single-quotes', () => text.replace(/"/g, "'")],
        ['unquoted-keys', () => text.replace(/"([A-Za-z]+)":/g, '$1:')],
        ['nan', () => splice(text, text.lastIndexOf('}'), 0, `,"minutesDuration":${d.pick(['NaN', 'Infinity', '-Infinity', '+1', '01', '.5', '1.', '0x10'])}`)],
        ['two-documents', () => `${text}${d.pick(['', '\n', ' '])}${text}`],
        ['trailing-garbage', () => `${text}${d.pick(['x', '}', ']', ',', 'null', '\u0000'])}`],
        ['xml', () => '<Appointment xmlns="http://hl7.org/fhir"><status value="booked"/></Appointment>', d.pick([undefined, 'application/fhir+xml'])],
        ['form', () => `resourceType=Appointment&status=booked`, d.pick([undefined, 'application/x-www-form-urlencoded'])],
        ['ndjson', () => `${JSON.stringify(base)}\n${JSON.stringify(base)}\n`],
        ['gzip-bytes', () => Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, ...Array.from({ length: 40 }, () => d.int(256))])],
        ['random-bytes', () => Uint8Array.from({ length: d.between(1, 512) }, () => d.int(256))],
        ['text-media-type', () => text.slice(0, -1), d.pick(['text/plain', 'text/plain; charset=utf-8', '', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/fhir+json-patch'])],
      ];
      const [label, make, contentType] = d.pick(variants);
      return { name: `not-json:${label}`, body: make(), ...(contentType === undefined ? {} : { contentType }) };
    },
  },
};

const KINDS = Object.entries(MUTATIONS);
const TOTAL_WEIGHT = KINDS.reduce((s, [, m]) => s + m.weight, 0);

function pickKind(d: Dice): [string, Mutation] {
  let roll = d.next() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    roll -= kind[1].weight;
    if (roll < 0) return kind;
  }
  return KINDS[KINDS.length - 1];
}

const MEDIA_TYPES = ['application/json', 'application/json+fhir', 'application/fhir+json; charset=utf-8', 'APPLICATION/FHIR+JSON', 'application/fhir+json;fhirVersion=4.0'];

/**
 * `count` malformed or hostile bodies from `seed`, deterministic. Bodies stay under the gateway's 1 MiB
 * limit; none would be stored (see `wouldBeStored`).
 */
export function malformedBodies(count: number, seed: number): MalformedBody[] {
  const out: MalformedBody[] = [];
  for (let n = 0; n < count; n++) {
    // One generator per body: inserting a kind later does not reshuffle every body after it.
    const d = new Dice(prng((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0));
    const [kind, mutation] = pickKind(d);
    const mix = d.chance(0.15) && kind !== 'wrong-type' ? 'wrong-type' : null;
    const build = (invalidate: readonly [string, (a: JsonObject) => void] | null): MalformedBody => {
      const base = validBase(d);
      if (invalidate) invalidate[1](base);
      let extra = '';
      if (mix) {
        const changed = MUTATIONS[mix].make(d, base);
        extra = ` (${changed.name})`;
      }
      const made = mutation.make(d, base);
      const contentType = made.contentType ?? (d.chance(0.1) ? d.pick(MEDIA_TYPES) : undefined);
      return {
        name: `#${n} ${made.name}${extra}${invalidate ? ` +invalid:${invalidate[0]}` : ''}`,
        body: made.body,
        ...(contentType === undefined ? {} : { contentType }),
      };
    };
    let body = build(null);
    for (let attempt = 0; wouldBeStored(body.body); attempt++) {
      if (attempt === INVALIDATE.length) throw new Error(`malformedBodies: ${body.name} stays a valid appointment`);
      body = build(INVALIDATE[(d.int(INVALIDATE.length) + attempt) % INVALIDATE.length]);
    }
    const bytes = typeof body.body === 'string' ? encoder.encode(body.body).length : body.body.length;
    if (bytes >= MAX_BYTES) throw new Error(`malformedBodies: ${body.name} has ${bytes} bytes, over the gateway's limit`);
    out.push(body);
  }
  return out;
}
