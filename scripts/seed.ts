// npm run seed -- --count N [--fhir URL [--console CONSOLE_URL] | --data-dir DIR] [--seed S]
// Generates demo appointments (our own generator) and sends them through the gateway (--fhir), or writes them
// into a console's store directly (--data-dir, default ./donnees; stop the console first).
// The demo editors are registered with their identifier systems so that appointments are attributed to them:
// directly in the store, or through the console API when --console gives the CONSOLE address the host printed.
import path from 'node:path';
import { AppointmentStore } from '../electron/core/appointments/appointment-store';
import { registerDemoEditors } from '../electron/core/demo/demo-editors';
import { generateDemoAppointments } from '../electron/core/demo/demo-generator';
import { postDemo } from '../electron/core/demo/post-demo';
import { seedStore } from '../electron/core/demo/seed-store';
import { EditorStore } from '../electron/core/editors/editor-store';
import { fileVault } from '../electron/core/editors/secret-vault';
import { openDatabase } from '../electron/core/store/database';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Registers the demo editors in a running console through its API (the address printed as CONSOLE …?token=…). */
async function registerThroughConsole(consoleUrl: string): Promise<void> {
  const url = new URL(consoleUrl);
  const token = url.searchParams.get('token');
  if (!token) throw new Error('--console attend l’adresse CONSOLE affichée au démarrage, avec son ?token=…');
  const res = await fetch(new URL('/api/demo.editors', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-token': token },
    body: '{}',
  });
  if (!res.ok) throw new Error(`la console a refusé l’enregistrement des éditeurs de démonstration (HTTP ${res.status}) : ${await res.text()}`);
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
    const consoleUrl = arg('console');
    if (consoleUrl) await registerThroughConsole(consoleUrl);
    else console.log('Note : sans --console, les éditeurs de démonstration ne sont pas enregistrés et leurs rendez-vous restent « non identifié ».');
    for (let done = 0; done < count; done += CHUNK) {
      const r = await postDemo(fhir.replace(/\/$/, ''), generateDemoAppointments(Math.min(CHUNK, count - done), seed + done), 16);
      accepted += r.accepted;
      rejected += r.rejected;
    }
  } else {
    const dataDir = path.resolve(arg('data-dir') ?? './donnees');
    const db = openDatabase(dataDir, { host: 'seed' });
    const store = new AppointmentStore(db);
    const editorIds = registerDemoEditors(new EditorStore(db, () => fileVault));
    const now = Date.now();
    for (let done = 0; done < count; done += CHUNK) {
      const r = seedStore(db, store, generateDemoAppointments(Math.min(CHUNK, count - done), seed + done, now), now - (count - done) * 1000, editorIds);
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
