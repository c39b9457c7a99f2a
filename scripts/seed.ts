// npm run seed -- --count N [--fhir URL | --data-dir DIR] [--seed S]
// Generates demo appointments (our own generator) and sends them through the gateway (--fhir), or writes them
// into a console's store directly (--data-dir, default ./donnees; stop the console first).
import path from 'node:path';
import { AppointmentStore } from '../electron/core/appointments/appointment-store';
import { generateDemoAppointments } from '../electron/core/demo/demo-generator';
import { postDemo } from '../electron/core/demo/post-demo';
import { seedStore } from '../electron/core/demo/seed-store';
import { openDatabase } from '../electron/core/store/database';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const count = Number(arg('count') ?? '1000');
  if (!Number.isInteger(count) || count < 1) throw new Error('--count attend un entier positif');
  const seed = Number(arg('seed') ?? Date.now());
  const fhir = arg('fhir');
  const started = performance.now();
  const CHUNK = 10_000;
  let accepted = 0;
  let rejected = 0;
  if (fhir) {
    for (let done = 0; done < count; done += CHUNK) {
      const r = await postDemo(fhir.replace(/\/$/, ''), generateDemoAppointments(Math.min(CHUNK, count - done), seed + done), 16);
      accepted += r.accepted;
      rejected += r.rejected;
    }
  } else {
    const dataDir = path.resolve(arg('data-dir') ?? './donnees');
    const db = openDatabase(dataDir);
    const store = new AppointmentStore(db);
    const now = Date.now();
    for (let done = 0; done < count; done += CHUNK) {
      const r = seedStore(db, store, generateDemoAppointments(Math.min(CHUNK, count - done), seed + done, now), now - (count - done) * 1000);
      accepted += r.accepted;
      rejected += r.rejected;
      process.stdout.write(`\r${Math.min(done + CHUNK, count)} / ${count}`);
    }
    process.stdout.write('\n');
    db.pragma('optimize');
    db.close();
  }
  const s = (performance.now() - started) / 1000;
  console.log(`${count} rendez-vous générés : ${accepted} versions acceptées, ${rejected} refusées, en ${s.toFixed(1)} s`);
  if (rejected > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`Échec : ${(e as Error).message}`);
  process.exit(1);
});
