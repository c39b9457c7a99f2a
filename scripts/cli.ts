// npm run cli -- inspect-bundle FILE --kind ps|cpts|sos [--requested ID,ID] [--window START/END] [--json]
// Prints the diagnostics of a saved editor response; exit code 0 without error-level finding, 1 with, 2 on misuse.
import fs from 'node:fs';
import { formatParis, parseInstant } from '../shared/domain/instant';
import { analyzeSlotBundle, buildSlotTree } from '../shared/slots/analyze-slot-bundle';
import type { SlotKind } from '../shared/slots/ig-slots';
import { parseSearchIds } from '../shared/slots/search-input';

const USAGE = 'Usage : npm run cli -- inspect-bundle FICHIER --kind ps|cpts|sos [--requested ID,ID] [--window DEBUT/FIN] [--json]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function main(argv: string[]): number {
  const [command, file, ...rest] = argv;
  if (command !== 'inspect-bundle') fail(command ? `Commande inconnue « ${command} ».` : 'Commande manquante.');
  if (!file || file.startsWith('--')) fail('Fichier manquant.');
  const opt = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const kind = opt('kind') as SlotKind | undefined;
  if (!kind || !['ps', 'cpts', 'sos'].includes(kind)) fail('--kind doit valoir ps, cpts ou sos.');
  let requested: string[] | undefined;
  if (opt('requested') !== undefined) {
    const parsed = parseSearchIds(opt('requested')!, kind);
    const bad = parsed.rejected.filter((r) => r.problem !== 'duplicate');
    if (bad.length) fail(`--requested : « ${bad[0].input} » refusé (${bad[0].reason}).`);
    requested = parsed.ids;
  }
  let window: { start: number; end: number } | undefined;
  if (opt('window') !== undefined) {
    const [a, b] = opt('window')!.split('/');
    const start = parseInstant(a);
    const end = parseInstant(b);
    if (start === null || end === null || start > end) fail('--window attend DEBUT/FIN, deux instants ISO avec fuseau (ex. 2026-03-10T00:00:00+01:00/2026-03-12T23:59:59+01:00).');
    window = { start, end };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    fail(`Lecture impossible de « ${file} » : ${(e as Error).message}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    json = undefined;
    const analysis = { findings: [{ ruleId: 'SLOT-NOT-JSON', severity: 'error', resource: 'Bundle', expression: 'Bundle', diagnostics: `La réponse n'est pas du JSON : ${(e as Error).message}.` }] };
    if (rest.includes('--json')) console.log(JSON.stringify(analysis, null, 2));
    else console.log(`ERREUR  SLOT-NOT-JSON  ${analysis.findings[0].diagnostics}`);
    return 1;
  }
  const a = analyzeSlotBundle(json, { kind, requested, window });
  if (rest.includes('--json')) {
    console.log(JSON.stringify({ kind: a.kind, counts: a.counts, total: a.total, nextLink: a.nextLink, findings: a.findings, slots: a.slots, tree: buildSlotTree(a) }, null, 2));
  } else {
    const label = { fatal: 'FATAL', error: 'ERREUR', warning: 'AVERT.', information: 'INFO' } as const;
    console.log(`${file} — flux ${kind.toUpperCase()} : ${a.counts.slots} créneau(x), ${a.counts.errors} erreur(s), ${a.counts.warnings} avertissement(s)`);
    for (const f of a.findings) console.log(`${label[f.severity].padEnd(7)} ${f.ruleId.padEnd(26)} ${f.resource} ${f.expression}\n        ${f.diagnostics}`);
    for (const s of a.slots.slice(0, 50)) {
      console.log(`  ${formatParis(s.startUtc)}  ${s.types.join('+').padEnd(12)} ${s.consultation.join('/').padEnd(7)} ${(s.appointmentType ?? '').padEnd(8)} ${s.ownerLabel} — ${s.placeLabel}`);
    }
    if (a.slots.length > 50) console.log(`  … ${a.slots.length - 50} autres créneaux (--json pour tout voir)`);
  }
  return a.counts.errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
