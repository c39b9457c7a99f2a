// INT_L02 end to end on a real broker: the console (gateway → outbox → publisher) sends RS-SAS-RDV messages
// through a private RabbitMQ node with TLS and certificate login, the test dispatcher plays the Hub (validation,
// routing, error codes, dead-lettering) and test LRMs answer with final acks, errors, silence or rejections.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment } from '../../../testing/fixtures';
import { hubConnectionInput, type HubPeers, seedHubData, sendAppointment, startHubPeers } from '../../../testing/hub-fixtures';
import { HUB_TEST_IDS } from '../../../testing/hub-pki';
import { until } from '../../../testing/regulator-fixtures';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import type { TransmissionRow, TransmissionState } from '../../../shared/api/hub-api';
import type { JsonObject } from '../../../shared/fhir/json';

let peers: HubPeers;
let t: TestCore;

beforeAll(async () => {
  peers = await startHubPeers();
  t = await startTestCore();
  seedHubData(t.core);
  t.core.hub.saveConnection(hubConnectionInput(peers));
  await until(t.core, () => t.core.hub.status().state === 'connected', 30_000, () => JSON.stringify(t.core.hub.status()));
}, 180_000);

afterAll(async () => {
  await t?.stop();
  await peers?.stop();
}, 120_000);

function row(id: string): TransmissionRow | null {
  return t.core.hub.store.get(id);
}

/** Waits for the transmission to reach a state (and optionally more), failing with what it shows. */
function untilState(id: string, state: TransmissionState, extra: (r: TransmissionRow) => boolean = () => true, timeoutMs = 20_000): Promise<TransmissionRow> {
  return until(t.core, () => {
    const r = row(id);
    return r && r.state === state && !r.inFlight && extra(r) ? r : null;
  }, timeoutMs, () => JSON.stringify(row(id)));
}

describe('INT_L02 through a real broker', () => {
  it('a create then two updates arrive in order with the right methods, and end acknowledged with the latest state', async () => {
    const a = psAppointment();
    const created = await sendAppointment(t.fhir, a);
    await untilState(created.id, 'acknowledged');
    const moved = { ...a, start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T10:20:00+01:00' };
    await sendAppointment(t.fhir, moved, true);
    await untilState(created.id, 'acknowledged', (r) => r.sentVersion === 2);
    await sendAppointment(t.fhir, { ...moved, status: 'cancelled' }, true);
    const done = await untilState(created.id, 'acknowledged', (r) => r.sentVersion === 3);
    expect(done.samu).toBe(HUB_TEST_IDS.samu330);
    expect(done.ack).toEqual({ step: null, refused: null });

    const got = peers.lrm330.received().filter((m) => m.appointmentId === created.id);
    expect(got.map((m) => m.method)).toEqual(['CreateAppointment', 'UpdateAppointment', 'UpdateAppointment']);
    expect(got.map((m) => m.status)).toEqual(['booked', 'booked', 'cancelled']);
    expect(new Set(got.map((m) => m.distributionId)).size).toBe(3);
    const held = peers.lrm330.appointments().get(created.id)!;
    expect(held.status).toBe('cancelled');
    expect(held.start).toBe('2026-03-10T10:00:00+01:00');

    // The message as the LRM got it: regulator from the registry, practitioner from the directory.
    const body = got[2].body as { distributionID: string; senderID: string; content: { jsonContent: { embeddedJsonContent: { message: { appointment: JsonObject } } } }[] };
    expect(body.senderID).toBe(HUB_TEST_IDS.sas);
    expect(body.distributionID.startsWith(`${HUB_TEST_IDS.sas}_`)).toBe(true);
    const appointment = body.content[0].jsonContent.embeddedJsonContent.message.appointment;
    expect(appointment).toMatchObject({
      appointmentId: created.id,
      method: 'UpdateAppointment',
      status: 'cancelled',
      created: '2026-03-09T18:12:00+01:00',
      practitioner: { rppsId: '810012345678', lastName: 'Martin', firstName: 'Paul', specialityCode: 'SM54' },
      regulator: { regulatorId: '810004567891', regulatorName: 'Régulier', regulatorFirstname: 'Anne', regulatorEmail: 'anne.regulier@samu-test.fr' },
    });

    // The detail: three attempts with the envelope as sent and the ack as received, all journalled.
    const detail = t.core.hub.get(created.id)!;
    expect(detail.attempts.map((x) => [x.method, x.state])).toEqual([
      ['CreateAppointment', 'acknowledged'],
      ['UpdateAppointment', 'acknowledged'],
      ['UpdateAppointment', 'acknowledged'],
    ]);
    expect(detail.attempts.every((x) => x.publishedUtc !== null && x.envelope && x.response)).toBe(true);
    // One journal entry per message, answered by its final ack as an HTTP request is by its response.
    expect(detail.exchanges.map((e) => [e.protocol, e.operation, e.outcome])).toEqual([
      ['amqp', 'INT_L02.CreateAppointment', 'ok'],
      ['amqp', 'INT_L02.UpdateAppointment', 'ok'],
      ['amqp', 'INT_L02.UpdateAppointment', 'ok'],
    ]);
    const entry = t.core.journal.get(detail.exchanges[2].id)!;
    expect(JSON.parse(entry.requestBody!)).toEqual(got[2].body);
    expect(JSON.parse(entry.responseBody!)).toMatchObject({ distributionKind: 'Ack' });
    expect(entry.links).toContainEqual({ kind: 'transmission', ref: created.id });
    // The journal's operation filter finds them (names hold an underscore, which LIKE must not take as a wildcard).
    const journalled = t.core.journal.list({ operation: 'INT_L02.', link: { kind: 'transmission', ref: created.id } }, 0, 50).rows;
    expect(journalled.map((e) => e.operation).sort()).toEqual(['INT_L02.CreateAppointment', 'INT_L02.UpdateAppointment', 'INT_L02.UpdateAppointment']);
  });

  it('a message refused by the LRM (rejected, dead-lettered) fails with the Hub 500; a retry after the fix reaches the LRM', async () => {
    peers.lrm330.setMode('reject');
    const { id } = await sendAppointment(t.fhir, psAppointment());
    const failed = await untilState(id, 'failed');
    expect(failed.error).toMatchObject({ code: 500, statusString: 'DEAD_LETTER_QUEUED', class: 'retry', sender: HUB_TEST_IDS.hub });
    expect(failed.error!.cause).toContain(failed.lastDistributionId!);
    peers.lrm330.setMode('ack');
    const plan = t.core.hub.plan({ appointmentIds: [id] });
    expect(plan).toMatchObject({ total: 1, bySamu: [{ samu: HUB_TEST_IDS.samu330, count: 1 }], acknowledged: 0 });
    t.core.hub.retry({ appointmentIds: [id] }, 'testeur');
    const ok = await untilState(id, 'acknowledged', (r) => r.attempts === 2);
    expect(ok.error).toBeNull();
    const attempts = t.core.hub.get(id)!.attempts;
    expect(attempts.map((x) => [x.reason, x.operator, x.method])).toEqual([
      ['version', null, 'CreateAppointment'],
      // The LRM may hold the rejected create: the retry is an update, which it applies as a creation.
      ['retry', 'testeur', 'UpdateAppointment'],
    ]);
  });

  it('each Hub error code ends in the right state and class: our message (100–300), not delivered in time (400)', async () => {
    const cases = [
      ['DELIVERY_MODE_INCONSISTENCY', 100, 'fix-message'],
      ['NOT_ALLOWED_CONTENT_TYPE', 101, 'fix-message'],
      ['UNRECOGNIZED_MESSAGE_FORMAT', 102, 'fix-message'],
      ['SENDER_INCONSISTENCY', 200, 'fix-message'],
      ['INVALID_MESSAGE', 300, 'fix-message'],
      ['EXPIRED_MESSAGE_BEFORE_ROUTING', 400, 'retry'],
    ] as const;
    for (const [name, code, cls] of cases) {
      peers.dispatcher.injectError(name, HUB_TEST_IDS.sas);
      const { id } = await sendAppointment(t.fhir, psAppointment());
      const failed = await untilState(id, 'failed');
      expect(failed.error).toMatchObject({ code, statusString: name, class: cls, sender: HUB_TEST_IDS.hub });
      expect(t.core.hub.list({ errorCode: code }, 0, 10).rows.map((r) => r.appointmentId)).toContain(id);
      // The Hub refused it before any LRM saw it: the retry is still the creation.
      t.core.hub.retry({ appointmentIds: [id] }, 'testeur');
      const ok = await untilState(id, 'acknowledged', (r) => r.attempts === 2);
      expect(ok.method).toBe(cls === 'fix-message' ? 'CreateAppointment' : 'UpdateAppointment');
    }
  });

  it('an unknown recipient comes back as the Hub 501 (routing)', async () => {
    const route = t.core.hub.routes.save({ kind: 'department', match: '33', samu: 'fr.health.test.samu999', note: 'SAMU sans file' });
    try {
      const a = psAppointment();
      const { id } = await sendAppointment(t.fhir, a);
      // The decision, as the Routage tab shows it (by the editor's identifier, as support staff hold it).
      const explained = t.core.hub.assembler.route((a.identifier as { value: string }[])[0].value)!;
      expect(explained).toMatchObject({ appointmentId: id, samu: 'fr.health.test.samu999', decidedBy: 'department-override' });
      expect(explained.steps.map((x) => [x.rule, x.matched])).toEqual([['editor-override', false], ['department-override', true], ['regulator', false]]);
      expect(explained.steps[1].detail).toMatchObject({ department: '33', postalCode: '33000' });
      const failed = await untilState(id, 'failed');
      expect(failed.samu).toBe('fr.health.test.samu999');
      expect(failed.error).toMatchObject({ code: 501, statusString: 'UNROUTABLE_MESSAGE', class: 'routing' });
    } finally {
      t.core.hub.routes.remove(route.id);
    }
  });

  it('an LRM that says the appointment already exists (409 or 701) on a create counts as delivered', async () => {
    for (const mode of ['conflict', 'conflict-701'] as const) {
      const a = psAppointment();
      const { id } = await sendAppointment(t.fhir, a);
      await untilState(id, 'acknowledged');
      // The console forgets what it sent (as after a restore): its next message is a create, which the LRM knows.
      t.core.db.prepare('DELETE FROM transmission_attempts WHERE appointment_id = ?').run(id);
      peers.lrm330.setMode(mode);
      try {
        t.core.hub.retry({ appointmentIds: [id] }, 'testeur');
        const r = await untilState(id, 'acknowledged', (x) => x.error !== null);
        expect(r.error).toMatchObject({ code: mode === 'conflict' ? 409 : 701, class: 'already-there' });
        expect(r.method).toBe('CreateAppointment');
      } finally {
        peers.lrm330.setMode('ack');
      }
    }
  });

  it('versions that arrive while one is in flight coalesce: the LRM ends with the latest state, in order', async () => {
    const a = psAppointment();
    const { id } = await sendAppointment(t.fhir, a);
    const statuses = ['booked', 'fulfilled', 'noshow', 'booked', 'cancelled'];
    for (const status of statuses) await sendAppointment(t.fhir, { ...a, status, end: `2026-03-10T09:${String(20 + statuses.indexOf(status)).padStart(2, '0')}:00+01:00` }, true);
    const done = await untilState(id, 'acknowledged', (r) => r.sentVersion === statuses.length + 1);
    const got = peers.lrm330.received().filter((m) => m.appointmentId === id);
    expect(got.length).toBeLessThanOrEqual(statuses.length + 1);
    expect(got.at(-1)!.status).toBe('cancelled');
    expect(peers.lrm330.appointments().get(id)!.status).toBe('cancelled');
    // One message at a time: every attempt was confirmed before the next one was published.
    const attempts = t.core.hub.get(id)!.attempts;
    for (let i = 1; i < attempts.length; i++) expect(attempts[i].createdUtc).toBeGreaterThanOrEqual(attempts[i - 1].publishedUtc!);
    expect(attempts.map((x) => x.version)).toEqual([...attempts.map((x) => x.version)].sort((x, y) => x - y));
    // Only the first message the LRM may get is a creation (all the versions may have coalesced into it).
    expect(attempts.map((x) => x.method)).toEqual(attempts.map((_, i) => (i === 0 ? 'CreateAppointment' : 'UpdateAppointment')));
    expect(done.method).toBe(attempts.length === 1 ? 'CreateAppointment' : 'UpdateAppointment');
  });

  it('without a final ack after the delay a transmission is unconfirmed (not delivered), and needs attention', async () => {
    peers.lrm330.setMode('silent');
    try {
      const { id } = await sendAppointment(t.fhir, psAppointment());
      await untilState(id, 'published');
      await peers.lrm330.until((m) => m.some((x) => x.appointmentId === id), 10_000);
      expect(t.core.hub.sweepUnconfirmed(Date.now() + 29 * 60_000)).toBe(0);
      expect(t.core.hub.sweepUnconfirmed(Date.now() + 31 * 60_000)).toBeGreaterThanOrEqual(1);
      expect(row(id)!.state).toBe('unconfirmed');
      expect(t.core.hub.list({ attention: true }, 0, 500).rows.map((r) => r.appointmentId)).toContain(id);
      peers.lrm330.setMode('ack');
      t.core.hub.retry({ appointmentIds: [id] }, 'testeur');
      await untilState(id, 'acknowledged', (r) => r.attempts === 2);
    } finally {
      peers.lrm330.setMode('ack');
    }
  });

  it('an ack that says refused is acknowledged but needs attention', async () => {
    peers.lrm330.setMode('ack', { refused: true, step: 'ERREUR' });
    try {
      const { id } = await sendAppointment(t.fhir, psAppointment());
      const r = await untilState(id, 'acknowledged');
      expect(r.ack).toEqual({ step: 'ERREUR', refused: true });
      expect(t.core.hub.list({ attention: true }, 0, 500).rows.map((x) => x.appointmentId)).toContain(id);
    } finally {
      peers.lrm330.setMode('ack');
    }
  });

  it('blocked while the regulator is unknown, with the reason; released and delivered once the registry has them', async () => {
    const idnps = `8${String(Date.now()).slice(-11)}`;
    const a = psAppointment();
    (a.extension as { valueReference: { identifier: { value: string } } }[])[0].valueReference.identifier.value = idnps;
    const { id } = await sendAppointment(t.fhir, a);
    const blocked = await untilState(id, 'blocked');
    expect(blocked.blocked).toEqual([{ code: 'regulator.unknown', params: { id: idnps } }, { code: 'route.none', params: { regulatorId: idnps } }]);
    expect(peers.lrm330.received().some((m) => m.appointmentId === id)).toBe(false);
    await t.core.handlers['regulators.save']({ nationalId: idnps, familyName: 'Nouveau', givenName: 'Jean', email: `jean.${idnps}@samu-test.fr`, active: true, samu: HUB_TEST_IDS.samu075 });
    const done = await untilState(id, 'acknowledged');
    expect(done.samu).toBe(HUB_TEST_IDS.samu075);
    await peers.lrm075.until((m) => m.some((x) => x.appointmentId === id), 10_000);
  });

  it('a final ack or an error that matches nothing we sent is kept as an orphan', async () => {
    const connection = await amqp.connect(peers.node.url, {
      cert: fs.readFileSync(peers.pki.samu330.cert),
      key: fs.readFileSync(peers.pki.samu330.key),
      ca: fs.readFileSync(peers.pki.caCert),
      credentials: amqp.credentials.external(),
    });
    try {
      const ch = await connection.createConfirmChannel();
      const unknown = `${HUB_TEST_IDS.sas}_${randomUUID()}`;
      const ownId = `${HUB_TEST_IDS.samu330}_${randomUUID()}`;
      const now = new Date().toISOString().slice(0, 19) + '+00:00';
      const ack = {
        distributionID: ownId,
        senderID: HUB_TEST_IDS.samu330,
        dateTimeSent: now,
        dateTimeExpires: new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + '+00:00',
        distributionStatus: 'Actual',
        distributionKind: 'Ack',
        descriptor: { language: 'fr-FR', explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: HUB_TEST_IDS.sas } },
        content: [{ jsonContent: { embeddedJsonContent: { message: {
          messageId: ownId,
          sender: { name: HUB_TEST_IDS.samu330, URI: `hubex:${HUB_TEST_IDS.samu330}` },
          sentAt: now,
          kind: 'Ack',
          status: 'Actual',
          recipient: [{ name: HUB_TEST_IDS.sas, URI: `hubex:${HUB_TEST_IDS.sas}` }],
          reference: { distributionID: unknown },
        } } } }],
      };
      const before = t.core.hub.store.orphans(0, 1).total;
      await new Promise<void>((resolve, reject) => ch.publish('hubsante', HUB_TEST_IDS.samu330, Buffer.from(JSON.stringify(ack)),
        { contentType: 'application/json', deliveryMode: 2 }, (err) => (err ? reject(err) : resolve())));
      const orphan = await until(t.core, () => t.core.hub.store.orphans(0, 10).rows.find((o) => o.reference === unknown), 15_000);
      expect(orphan).toMatchObject({ kind: 'ack', queue: `${HUB_TEST_IDS.sas}.ack`, reason: 'unknown-distribution-id' });
      expect(t.core.hub.store.orphans(0, 1).total).toBe(before + 1);
    } finally {
      await connection.close();
    }
  });

  it('the connection test reports each step; an untrusted client certificate is refused by the broker', async () => {
    const good = await t.core.hub.testConnection();
    expect(good.checks.map((c) => [c.step, c.ok])).toEqual([
      ['tls', true],
      ['auth', true],
      ['exchange', true],
      [`queue:${HUB_TEST_IDS.sas}.ack`, true],
      [`queue:${HUB_TEST_IDS.sas}.info`, true],
    ]);
    expect(good.ok).toBe(true);

    const rogue = await startTestCore();
    try {
      rogue.core.hub.saveConnection(hubConnectionInput(peers, {
        identity: { kind: 'pem', certPem: fs.readFileSync(peers.pki.rogue.cert, 'utf8'), key: { file: peers.pki.rogue.key } },
      }));
      const test = await rogue.core.hub.testConnection();
      expect(test.ok).toBe(false);
      const failed = test.checks.find((c) => !c.ok)!;
      expect(['tls', 'auth']).toContain(failed.step);
      expect(failed.failure?.code).toMatch(/^(net\.client-certificate|amqp\.access-refused|amqp\.closed|net\.unreachable)$/);
      await until(rogue.core, () => rogue.core.hub.status().state === 'disconnected' && rogue.core.hub.status().failure, 20_000);
    } finally {
      await rogue.stop();
    }
  });

  it('refuses a certificate whose CN is another client id (the broker would refuse it, or let us publish as someone else)', () => {
    expect(() => t.core.hub.connection.save(hubConnectionInput(peers, { clientId: HUB_TEST_IDS.samu330 }))).toThrow(/CN/);
  });
});
