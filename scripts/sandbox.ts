// npm run sandbox -- --console 'http://127.0.0.1:PORT/?token=…' [--editors 3] [--regulators 200] [--slow 1:2000] [--failing 2:503]
//                    [--hub [--lrm ack|reject|silent]]
// Stand-ins for editors' INT_R02 endpoints, to try regulator accounts without a real editor: a throw-away PKI,
// N local HTTPS editors (client certificates required, answers as the ANS test kit expects), registered in a
// running headless console through its API, and demo regulators imported. With --hub, a private "Hub Santé" too
// (a RabbitMQ node with TLS and certificate login, the test dispatcher and two test LRMs), the console connected to
// it, and a few appointments sent through the gateway: acknowledged ones, and one blocked for an unknown regulator.
// Runs until Ctrl-C.
import fs from 'node:fs';
import { regulatorsToCsv } from '../shared/regulators/regulator-csv';
import type { Regulator } from '../shared/regulators/regulator-types';
import { demoRegulators } from '../electron/core/demo/demo-regulators';
import { consoleApi } from '../testing/console-api';
import { createTestPki } from '../testing/pki';
import { type RegulatorEditor, startRegulatorEditor } from '../testing/regulator-editor';
import { regulatorEditorInput } from '../testing/regulator-fixtures';
import { psAppointment } from '../testing/fixtures';
import { FIXTURE_PRACTITIONER, FIXTURE_REGULATOR_IDNPS, hubConnectionInput, type HubPeers, sendAppointment, startHubPeers } from '../testing/hub-fixtures';
import { HUB_TEST_IDS } from '../testing/hub-pki';
import type { LrmMode } from '../testing/test-lrm';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `index:value` (1-based editor index), e.g. --slow 2:2000 or --failing 3:503. */
function pair(name: string): { index: number; value: number } | null {
  const v = arg(name);
  if (!v) return null;
  const m = /^(\d+):(\d+)$/.exec(v);
  if (!m) throw new Error(`--${name} attend INDEX:VALEUR, par ex. 2:2000`);
  return { index: Number(m[1]) - 1, value: Number(m[2]) };
}

async function main(): Promise<void> {
  const consoleUrl = arg('console');
  if (!consoleUrl) throw new Error("--console attend l'adresse CONSOLE affichée par « npm run headless », avec son ?token=…");
  const url = new URL(consoleUrl);
  const token = url.searchParams.get('token');
  if (!token) throw new Error('--console : le ?token=… de l’adresse manque');
  const api = consoleApi({ console: consoleUrl, token });
  const count = Number(arg('editors') ?? 3);
  const regulators = Number(arg('regulators') ?? 200);
  const slow = pair('slow');
  const failing = pair('failing');

  const pki = createTestPki();
  const editors: RegulatorEditor[] = [];
  for (let i = 0; i < count; i++) {
    const editor = await startRegulatorEditor({ pki, delayMs: slow?.index === i ? slow.value : 0 });
    // A failing editor answers this status to everything until the sandbox stops.
    if (failing?.index === i) editor.inject({ kind: 'status', status: failing.value, retryAfter: failing.value === 503 ? '30' : undefined }, { times: 1_000_000 });
    editors.push(editor);
    await api.call('editors.save', regulatorEditorInput(pki, editor.base, `Bac à sable ${i + 1}`, { timeoutMs: 7_000 }));
    console.log(`Éditeur « Bac à sable ${i + 1} » : ${editor.base}${slow?.index === i ? ` (répond en ${slow.value} ms)` : ''}${failing?.index === i ? ` (répond ${failing.value})` : ''}`);
  }
  if (regulators > 0) {
    const list = demoRegulators(regulators, Date.now() % 100_000).map((r): Regulator => ({ ...r, technicalId: r.technicalId!, revision: 1, createdUtc: 0, updatedUtc: 0, lastLoginUtc: null }));
    const csv = Buffer.from(regulatorsToCsv(list), 'utf8').toString('base64');
    const r = await api.call('regulators.import', { csvBase64: csv });
    console.log(`${r.created} régulateurs de démonstration importés (aucun compte n'est créé avant une connexion ou « Synchroniser »).`);
  }
  let hub: HubPeers | null = null;
  if (process.argv.includes('--hub')) {
    console.log('Hub Santé de test : démarrage d’un nœud RabbitMQ privé (TLS, connexion par certificat)…');
    hub = await startHubPeers();
    hub.lrm330.setMode((arg('lrm') ?? 'ack') as LrmMode);
    await api.call('regulators.save', { nationalId: FIXTURE_REGULATOR_IDNPS, familyName: 'Régulier', givenName: 'Anne', email: 'anne.regulier@samu-test.fr', active: true, samu: HUB_TEST_IDS.samu330 });
    await api.call('directory.save', { entry: { kind: 'practitioner', id: FIXTURE_PRACTITIONER, name: 'Martin', firstName: 'Paul', specialtyCode: 'SM54', professionCode: '10', postalCode: '33000' } });
    await api.call('hub.saveConnection', { connection: hubConnectionInput(hub) });
    const fhir = (await api.call('system.info', {})).gateway.url;
    if (fhir) {
      for (let i = 0; i < 5; i++) await sendAppointment(fhir, psAppointment());
      const unknown = psAppointment();
      (unknown.extension as { valueReference: { identifier: { value: string } } }[])[0].valueReference.identifier.value = '810009999999';
      await sendAppointment(fhir, unknown);
    }
    console.log(`Hub de test : ${hub.node.url} ; LRM ${HUB_TEST_IDS.samu330} (${arg('lrm') ?? 'ack'}) et ${HUB_TEST_IDS.samu075}.`);
    console.log('Six rendez-vous envoyés à la passerelle : cinq acquittés par le LRM, un bloqué (régulateur 810009999999 inconnu du registre).');
  }
  console.log(`Bac à sable prêt : ouvrez la page Régulateurs${hub ? ' ou Transmissions LRM' : ''} de la console. Ctrl-C pour arrêter.`);
  const stop = async () => {
    await hub?.stop();
    await Promise.all(editors.map((e) => e.close()));
    fs.rmSync(pki.dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`Échec : ${(e as Error).message}`);
  process.exit(1);
});
