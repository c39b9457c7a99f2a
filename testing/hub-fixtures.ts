// Shared set-up of tests against the private "Hub Santé": a broker with TLS and certificate login, the test
// dispatcher and two test LRMs, and the console-side data an appointment needs to be sent (a regulator with
// a SAMU, a practitioner in the directory, the connection settings).
import fs from 'node:fs';
import type { Core } from '../electron/core/core';
import type { HubConnectionInput } from '../shared/api/hub-api';
import type { JsonObject } from '../shared/fhir/json';
import { createHubPki, HUB_TEST_IDS, type HubPki, removeHubPki } from './hub-pki';
import { type RabbitNode, startRabbitNode } from './rabbitmq-node';
import { type HubDispatcher, startHubDispatcher } from './hub-dispatcher';
import { startTestLrm, type TestLrm } from './test-lrm';

/** The regulator of testing/fixtures.ts appointments (operator IDNPS) and the practitioner they name. */
export const FIXTURE_REGULATOR_IDNPS = '810004567891';
export const FIXTURE_PRACTITIONER = '810012345678';

export interface HubPeers {
  pki: HubPki;
  node: RabbitNode;
  dispatcher: HubDispatcher;
  lrm330: TestLrm;
  lrm075: TestLrm;
  stop(): Promise<void>;
}

export async function startHubPeers(): Promise<HubPeers> {
  const pki = createHubPki();
  let node: RabbitNode | null = null;
  try {
    node = await startRabbitNode({ pki, clients: [HUB_TEST_IDS.sas, HUB_TEST_IDS.samu330, HUB_TEST_IDS.samu075] });
    const common = { url: node.url, caCert: pki.caCert };
    const dispatcher = await startHubDispatcher({ ...common, identity: pki.hub });
    const lrm330 = await startTestLrm({ ...common, identity: pki.samu330, id: HUB_TEST_IDS.samu330 });
    const lrm075 = await startTestLrm({ ...common, identity: pki.samu075, id: HUB_TEST_IDS.samu075 });
    const started = node;
    return {
      pki,
      node: started,
      dispatcher,
      lrm330,
      lrm075,
      stop: async () => {
        await Promise.allSettled([lrm330.stop(), lrm075.stop(), dispatcher.stop()]);
        await started.stop();
        removeHubPki(pki);
      },
    };
  } catch (e) {
    await node?.stop().catch(() => undefined);
    removeHubPki(pki);
    throw e;
  }
}

/** The console's connection to the test broker, as the SAS platform (PEM certificate, key from a file). */
export function hubConnectionInput(peers: Pick<HubPeers, 'pki' | 'node'>, patch: Partial<HubConnectionInput> = {}): HubConnectionInput {
  return {
    enabled: true,
    url: peers.node.url,
    clientId: HUB_TEST_IDS.sas,
    identity: { kind: 'pem', certPem: fs.readFileSync(peers.pki.sas.cert, 'utf8'), key: { file: peers.pki.sas.key } },
    caPem: fs.readFileSync(peers.pki.caCert, 'utf8'),
    verifyHostName: true,
    unconfirmedAfterMinutes: 30,
    expiresAfterHours: 24,
    ...patch,
  };
}

/** The registry and directory entries the fixture appointments need to be sendable (to SAMU 330). */
export function seedHubData(core: Core, samu: string = HUB_TEST_IDS.samu330): void {
  core.regulatorStore.save({
    nationalId: FIXTURE_REGULATOR_IDNPS,
    familyName: 'Régulier',
    givenName: 'Anne',
    email: 'anne.regulier@samu-test.fr',
    active: true,
    samu,
  });
  core.hubDirectory.save({
    kind: 'practitioner',
    id: FIXTURE_PRACTITIONER,
    name: 'Martin',
    firstName: 'Paul',
    specialtyCode: 'SM54',
    professionCode: '10',
    postalCode: '33000',
  }, 'test');
}

const FHIR = { 'content-type': 'application/fhir+json' };

/** Sends an appointment to the gateway as an editor would (POST, or a conditional PUT to update). */
export async function sendAppointment(fhir: string, resource: JsonObject, update = false): Promise<{ status: number; id: string }> {
  const identifier = (resource.identifier as { system: string; value: string }[])[0];
  const url = update ? `${fhir}/Appointment?identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}` : `${fhir}/Appointment`;
  const res = await fetch(url, { method: update ? 'PUT' : 'POST', headers: FHIR, body: JSON.stringify(resource) });
  const json = (await res.json()) as { id?: string };
  if (res.status >= 300) throw new Error(`gateway answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return { status: res.status, id: json.id ?? '' };
}
