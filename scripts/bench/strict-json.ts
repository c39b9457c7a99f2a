// npx tsx scripts/bench/strict-json.ts [--quick]
// µs per parse: JSON.parse against parseStrictJson (shared/fhir/strict-json.ts) on a typical 3 KB
// appointment, the same pretty-printed, a 1 MB body and hostile deep bodies. Prints figures and the
// target; asserts nothing. Also measures the design we did not keep (JSON.parse, then one walk that
// checks what JSON.parse cannot), so the choice can be re-checked on another engine.
import os from 'node:os';
import { type JsonObject } from '../../shared/fhir/json';
import { parseStrictJson } from '../../shared/fhir/strict-json';
import { psAppointment } from '../../testing/fixtures';

const quick = process.argv.includes('--quick');

/** psAppointment() grown with the elements editors commonly send, to about 3 KB of compact JSON. */
function typicalAppointment(): JsonObject {
  const a = psAppointment({
    id: '0190a3c4-7e21-7d3a-9b1f-2c4d5e6f7a8b',
    comment: 'Patient adressé par le SAS pour une consultation non programmée ; douleurs abdominales depuis 48 h, pas de fièvre.',
    description: 'Consultation de médecine générale (créneau SAS)',
    serviceType: [{ coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R227-KindOfService/FHIR/TRE-R227-KindOfService', code: 'GEN', display: 'Médecine générale' }] }],
    specialty: [{ coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale', code: 'SM54', display: 'Médecine générale (SM)' }] }],
    appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'WALKIN', display: 'A previously unscheduled walk-in visit' }] },
    reasonCode: [{ coding: [{ system: 'https://interop.esante.gouv.fr/ig/fhir/sas/CodeSystem/sas-reason', code: 'SNP', display: 'Soins non programmés' }], text: 'Soins non programmés' }],
    slot: [{ reference: 'Slot/7f3e2a10-5c4b-4d8e-9a1f-0b2c3d4e5f60' }],
    minutesDuration: 20,
    priority: 5,
    patientInstruction: 'Se présenter 10 minutes avant le rendez-vous avec la carte Vitale et la liste des traitements en cours.',
    requestedPeriod: [{ start: '2026-03-10T08:00:00+01:00', end: '2026-03-10T12:00:00+01:00' }],
    basedOn: [{ reference: 'ServiceRequest/sr-2026-000123', display: 'Demande de soins non programmés' }],
    supportingInformation: [{ reference: 'DocumentReference/doc-88', display: 'Compte rendu de régulation' }, { reference: 'Observation/obs-12' }],
  });
  (a.participant as JsonObject[]).push(
    { actor: { reference: 'Patient/123', display: 'Jeanne Dupont', identifier: { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '2850175123456' } }, status: 'accepted', required: 'required' },
    { actor: { reference: 'Location/45', display: 'Cabinet médical des Tilleuls, 12 rue des Écoles, 69003 Lyon' }, status: 'accepted' },
    {
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ADM', display: 'admitter' }] }],
      actor: { identifier: { system: 'urn:oid:1.2.250.1.213.3.6', value: 'REGUL-69-0042' }, display: 'Régulation SAS Rhône' },
      status: 'accepted',
    },
  );
  return a;
}

/** The typical appointment with participants repeated up to `bytes` of compact JSON. */
function largeAppointment(bytes: number): JsonObject {
  const a = typicalAppointment();
  const participants = a.participant as JsonObject[];
  const model = participants.slice();
  let size = JSON.stringify(a).length;
  for (let i = 0; ; i++) {
    const p = structuredClone(model[i % model.length]);
    size += JSON.stringify(p).length + 1;
    if (size > bytes) break;
    participants.push(p);
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------
// The design not kept: JSON.parse builds the value, one bounded walk then sets null prototypes and
// checks depth, prototype keys and surrogates; duplicates show as a missing member: every member has
// one colon outside strings, so (colons in the text) − (colons inside strings) must equal the keys
// JSON.parse kept. Same cost as the single pass on an appointment, but nothing bounds JSON.parse's
// work on a deeply nested body. Kept here only to re-measure.

const FORBIDDEN = new Set(Object.getOwnPropertyNames(Object.prototype));
// Node 20 has String.prototype.isWellFormed; the project's lib (ES2023) does not declare it.
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

function colons(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++;
  return n;
}

function parseThenWalk(text: string, maxDepth = 64): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const escapes = text.includes('\\u');
  if (!wellFormed(text) || (escapes && /\\u003[aA]/.test(text))) return undefined;
  const checkStrings = escapes && /\\u[dD][89a-fA-F]/.test(text);
  const seen = { keys: 0, colons: 0 };
  const str = (s: string) => {
    if (s.includes(':')) seen.colons += colons(s);
    return !checkStrings || wellFormed(s);
  };
  const visit = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return str(v);
    if (typeof v !== 'object' || v === null) return true;
    if (depth >= maxDepth) return false;
    if (Array.isArray(v)) return v.every((x) => visit(x, depth + 1));
    Object.setPrototypeOf(v, null);
    for (const k in v) {
      seen.keys++;
      if (FORBIDDEN.has(k) || !str(k) || !visit((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return true;
  };
  if (!visit(value, 0) || colons(text) - seen.colons !== seen.keys) return undefined;
  return value;
}

// ---------------------------------------------------------------------------------------------------

/**
 * µs per call, best of rounds that interleave the contenders, so that a burst of load on the machine
 * (other processes, GC) penalises them alike rather than whichever ran then.
 */
function row(label: string, cases: Record<string, () => unknown>, budgetMs: number): void {
  const entries = Object.entries(cases);
  const perRound = entries.map(([, fn]) => {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < budgetMs / 20 || n < 2) {
      fn();
      n++;
    }
    return n;
  });
  const best = entries.map(() => Infinity);
  for (let r = 0; r < 15; r++) {
    entries.forEach(([, fn], i) => {
      const start = performance.now();
      for (let k = 0; k < perRound[i]; k++) fn();
      best[i] = Math.min(best[i], ((performance.now() - start) * 1000) / perRound[i]);
    });
  }
  const cells = entries.map(([name], i) => `${name} ${fmt(best[i])}${i === 0 ? '' : ` (×${(best[i] / best[0]).toFixed(2)})`}`);
  console.log(`${label.padEnd(30)} ${cells.join('   ')}`);
}

function fmt(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

// Several distinct texts per case, parsed in turn: a parser timed on one text over and over can be
// tuned by the JIT to that very text, and the gateway never sees the same body twice.
const corpus = (n: number, make: () => string) => Array.from({ length: n }, make);
const typical = corpus(16, () => JSON.stringify(typicalAppointment()));
const pretty = corpus(16, () => JSON.stringify(typicalAppointment(), null, 2));
const large = corpus(2, () => JSON.stringify(largeAppointment(1_000_000)));
const typicalBytes = typical.map((t) => Buffer.from(t));
const largeBytes = large.map((t) => Buffer.from(t));
const budget = quick ? 300 : 1500;

let turn = 0;
function each<T>(items: T[], fn: (item: T) => unknown): () => unknown {
  return () => fn(items[turn++ % items.length]);
}

for (const [name, texts] of Object.entries({ typical, pretty, large })) {
  for (const text of texts) {
    const expected = JSON.stringify(JSON.parse(text));
    const strict = parseStrictJson(text);
    if (!strict.ok || JSON.stringify(strict.value) !== expected) throw new Error(`parseStrictJson disagrees with JSON.parse on ${name}`);
    if (JSON.stringify(parseThenWalk(text)) !== expected) throw new Error(`parse-then-walk disagrees with JSON.parse on ${name}`);
  }
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`);
console.log(`corpus: typical ${typical[0].length} B, pretty ${pretty[0].length} B, large ${large[0].length} B`);
console.log('');
const parse = (t: string) => JSON.parse(t);
const decodeParse = (b: Buffer) => JSON.parse(b.toString('utf8'));
row('3 KB appointment (string)', { 'JSON.parse': each(typical, parse), parseStrictJson: each(typical, parseStrictJson), 'parse-then-walk': each(typical, parseThenWalk) }, budget);
row('3 KB, pretty-printed', { 'JSON.parse': each(pretty, parse), parseStrictJson: each(pretty, parseStrictJson), 'parse-then-walk': each(pretty, parseThenWalk) }, budget);
row('3 KB (bytes, decode included)', { 'toString+JSON.parse': each(typicalBytes, decodeParse), parseStrictJson: each(typicalBytes, parseStrictJson) }, budget);
row('1 MB body (string)', { 'JSON.parse': each(large, parse), parseStrictJson: each(large, parseStrictJson), 'parse-then-walk': each(large, parseThenWalk) }, budget * 2);
row('1 MB (bytes, decode included)', { 'toString+JSON.parse': each(largeBytes, decodeParse), parseStrictJson: each(largeBytes, parseStrictJson) }, budget * 2);
console.log('');
console.log('hostile bodies of 1 MiB (best of 3 parses; parseStrictJson refuses them):');
const MiB = 1 << 20;
const hostile: Record<string, string> = {
  '[ nested 512 Ki deep': '['.repeat(MiB / 2) + ']'.repeat(MiB / 2),
  '{"":{"":… nested': `${'{"":'.repeat(MiB / 5)}0${'}'.repeat(MiB / 5)}`,
  '[ unclosed': '['.repeat(MiB),
};
for (const [name, text] of Object.entries(hostile)) {
  const once = (fn: () => unknown) => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      try {
        fn();
      } catch {
        // JSON.parse refuses the unclosed one by throwing: its cost is what we show.
      }
      best = Math.min(best, (performance.now() - start) * 1000);
    }
    return best;
  };
  const verdict = parseStrictJson(text);
  console.log(
    `${name.padEnd(30)} JSON.parse ${fmt(once(() => JSON.parse(text)))}   parseStrictJson ${fmt(once(() => parseStrictJson(text)))} (${verdict.ok ? 'accepted!' : verdict.error.code})   parse-then-walk ${fmt(once(() => parseThenWalk(text)))}`,
  );
}

console.log('');
console.log('target: parseStrictJson under 2× JSON.parse on the 3 KB appointment (string).');
