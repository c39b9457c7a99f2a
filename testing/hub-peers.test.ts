// The Hub Santé test peers (hub-dispatcher.ts plays the Hub's dispatcher, test-lrm.ts an LRM) on a real
// private node, seen from where the product sits: the SAS platform publishing raw RS-SAS-RDV envelopes to
// `hubsante` and reading `fr.health.test.ptfsas.ack` / `.info`. Expected behaviour: shared/spec/hub-sante.md.
import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HubDispatcher, startHubDispatcher } from './hub-dispatcher';
import {
  addressee, ConditionWaiters, connectHub, DEFAULT_SCHEMA_DIR, DISTRIBUTION_ID_UNAVAILABLE, type EdxlEnvelope, embeddedMessage,
  HUB_DAY_MS, hubInstant, hubSchemasIfPresent, isRecord, ORIGINAL_ROUTING_KEY_HEADER, type RcDeHeader,
} from './hub-envelopes';
import { createHubPki, HUB_TEST_IDS, type HubPki, removeHubPki } from './hub-pki';
import { type RabbitNode, startRabbitNode } from './rabbitmq-node';
import { startTestLrm, type TestLrm } from './test-lrm';

const { sas, samu330, samu075, hub } = HUB_TEST_IDS;
const schemas = hubSchemasIfPresent();
const NO_SCHEMAS = `the official Hub schemas are not on this machine (${DEFAULT_SCHEMA_DIR}): schema checks skipped`;
if (!schemas) console.info(NO_SCHEMAS);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

let pki: HubPki;
let node: RabbitNode;
let dispatcher: HubDispatcher;
let lrm: TestLrm;
let sasClient: SasClient;

// ---------------------------------------------------------------------------------------------------------
// The SAS platform's side, written here from the spec rather than from the peers' code

type RdvEnvelope = EdxlEnvelope<RcDeHeader & { appointment: Record<string, unknown> }>;

function rdv(o: {
  recipient?: string; senderID?: string; distributionId?: string; appointmentId?: string; method?: string; status?: string;
  expires?: string; appointment?: Record<string, unknown>;
} = {}): RdvEnvelope {
  const senderID = o.senderID ?? sas;
  const distributionID = o.distributionId ?? `${senderID}_${randomUUID()}`;
  const recipient = o.recipient ?? samu330;
  const now = hubInstant();
  return {
    distributionID,
    senderID,
    dateTimeSent: now,
    dateTimeExpires: o.expires ?? hubInstant(Date.now() + HUB_DAY_MS),
    distributionStatus: 'Actual',
    distributionKind: 'Report',
    descriptor: { language: 'fr-FR', explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: recipient } },
    content: [{
      jsonContent: {
        embeddedJsonContent: {
          message: {
            messageId: distributionID,
            sender: addressee(senderID),
            sentAt: now,
            kind: 'Report',
            status: 'Actual',
            recipient: [addressee(recipient)],
            appointment: {
              appointmentId: o.appointmentId ?? randomUUID(),
              method: o.method ?? 'CreateAppointment',
              created: '2026-11-23T09:12:00+01:00',
              start: '2026-11-23T10:00:00+01:00',
              status: o.status ?? 'booked',
              regulator: { regulatorName: 'DURAND', regulatorFirstname: 'Claire', regulatorEmail: 'claire.durand@sas.test' },
              ...o.appointment,
            },
          },
        },
      },
    }],
  };
}

interface Delivery {
  seq: number;
  body: Record<string, unknown>;
  msg: ConsumeMessage;
}

/** What arrives on one of the SAS queues, indexed by the distributionID it refers to. */
class Inbox {
  readonly all: Delivery[] = [];
  readonly rejected: Delivery[] = [];
  private readonly byRef = new Map<string, Delivery[]>();
  private readonly changed = new ConditionWaiters();

  constructor(readonly queue: string, private readonly refOf: (message: Record<string, unknown> | undefined) => unknown) {}

  push(body: Record<string, unknown>, msg: ConsumeMessage, rejected: boolean): void {
    const delivery = { seq: this.all.length + this.rejected.length, body, msg };
    if (rejected) {
      this.rejected.push(delivery);
    } else {
      this.all.push(delivery);
      const ref = this.refOf(embeddedMessage(body));
      const key = typeof ref === 'string' ? ref : '';
      this.byRef.set(key, [...(this.byRef.get(key) ?? []), delivery]);
    }
    this.changed.notify();
  }

  get(ref: string): Delivery[] {
    return this.byRef.get(ref) ?? [];
  }

  /** The first delivery referring to `ref` with a sequence number ≥ `after`. */
  async next(ref: string, timeoutMs = 10_000, after = 0): Promise<Delivery> {
    const find = () => this.get(ref).find((d) => d.seq >= after);
    await this.changed.wait(() => find() !== undefined, timeoutMs,
      () => `nothing on ${this.queue} for ${ref} within ${timeoutMs} ms (${this.all.length} deliveries so far)`);
    return find() as Delivery;
  }

  async all_of(refs: string[], timeoutMs: number): Promise<void> {
    await this.changed.wait(() => refs.every((r) => this.byRef.has(r)), timeoutMs,
      () => `${this.queue}: ${refs.filter((r) => this.byRef.has(r)).length}/${refs.length} expected deliveries within ${timeoutMs} ms`);
  }

  whenRejected(count: number, timeoutMs: number): Promise<void> {
    return this.changed.wait(() => this.rejected.length >= count, timeoutMs, () => `${this.queue}: ${this.rejected.length} rejected`);
  }

  get size(): number {
    return this.all.length + this.rejected.length;
  }
}

class SasClient {
  readonly acks = new Inbox(`${sas}.ack`, (m) => (isRecord(m?.reference) ? m.reference.distributionID : undefined));
  readonly infos = new Inbox(`${sas}.info`, (m) => (isRecord(m?.error) ? m.error.referencedDistributionID : undefined));
  /** Deliveries on `.info` matching this are nacked without requeue (dead-lettered) instead of acked. */
  rejectInfo: ((body: Record<string, unknown>) => boolean) | null = null;

  private constructor(private readonly connection: ChannelModel, private readonly ch: ConfirmChannel) {}

  static async open(): Promise<SasClient> {
    const connection = await connectHub({ url: node.url, identity: pki.sas, caCert: pki.caCert });
    connection.on('error', () => {});
    const ch = await connection.createConfirmChannel();
    ch.on('error', () => {});
    await ch.prefetch(500);
    const client = new SasClient(connection, ch);
    for (const inbox of [client.acks, client.infos]) {
      await ch.consume(inbox.queue, (msg) => {
        if (!msg) return;
        const parsed: unknown = JSON.parse(msg.content.toString('utf8'));
        const body = isRecord(parsed) ? parsed : {};
        const reject = inbox === client.infos && client.rejectInfo !== null && client.rejectInfo(body);
        if (reject) ch.nack(msg, false, false);
        else ch.ack(msg);
        inbox.push(body, msg, reject);
      }, { noAck: false });
    }
    return client;
  }

  /** Publishes as the SAS (exchange hubsante, its own id as routing key) and resolves on the broker's confirm. */
  publish(body: object | string, options: Options.Publish = {}): Promise<void> {
    const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      this.ch.publish('hubsante', sas, content, { contentType: 'application/json', deliveryMode: 2, ...options },
        (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
    });
  }

  async close(): Promise<void> {
    await this.ch.close().catch(() => {}); // before the connection, so that no ack is overtaken
    await this.connection.close().catch(() => {});
  }
}

function expectOfficiallyValid(body: unknown): void {
  if (!schemas) return;
  const valid = schemas.full(body);
  expect(valid, JSON.stringify(schemas.full.errors)).toBe(true);
}

/** An RS-ERROR as the Hub writes it (§2.6), returned for further checks. */
function expectHubError(delivery: Delivery, statusCode: number, statusString: string, referencedDistributionID: string) {
  const { body, msg } = delivery;
  expect(msg.fields).toMatchObject({ exchange: 'distribution', routingKey: `${sas}.info` });
  expect(msg.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2 });
  expect(body).toMatchObject({
    senderID: hub,
    distributionStatus: 'Actual',
    distributionKind: 'Error',
    descriptor: { language: 'fr-FR', explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: sas } },
  });
  expect(body.distributionID).toMatch(new RegExp(`^${hub.replace(/\./g, '\\.')}_[0-9a-f-]{36}$`));
  expect(body.dateTimeSent).toMatch(INSTANT);
  expect(body.dateTimeExpires).toMatch(INSTANT);
  expect(Date.parse(body.dateTimeExpires as string) - Date.parse(body.dateTimeSent as string)).toBe(HUB_DAY_MS);
  const message = embeddedMessage(body);
  expect(Object.keys(message ?? {})).toEqual(['error']); // no RC-DE header in errors
  const error = message?.error as { errorCode: unknown; errorCause: string; referencedDistributionID: string; sourceMessage?: unknown };
  expect(error.errorCode).toEqual({ statusCode, statusString });
  expect(error.referencedDistributionID).toBe(referencedDistributionID);
  expect(typeof error.errorCause).toBe('string');
  expectOfficiallyValid(body);
  return error;
}

function lrmGot(distributionId: string): number {
  return lrm.received().filter((r) => r.distributionId === distributionId).length;
}

beforeAll(async () => {
  pki = createHubPki();
  const t0 = Date.now();
  node = await startRabbitNode({ pki, clients: [sas, samu330, samu075] });
  const tls = { url: node.url, caCert: pki.caCert };
  dispatcher = await startHubDispatcher({ ...tls, identity: pki.hub });
  lrm = await startTestLrm({ ...tls, identity: pki.samu330, id: samu330 });
  sasClient = await SasClient.open();
  console.info(`node, dispatcher (${dispatcher.schemaValidation} validation) and LRM up in ${Date.now() - t0} ms`);
}, 180_000);

afterAll(async () => {
  await sasClient?.close();
  await lrm?.stop();
  await dispatcher?.stop();
  await node?.stop();
  if (pki) removeHubPki(pki);
}, 120_000);

afterEach(() => {
  lrm?.setMode('ack');
  if (sasClient) sasClient.rejectInfo = null;
});

// ---------------------------------------------------------------------------------------------------------

describe('Hub dispatcher and LRM test peers', () => {
  it('validates with the official schemas when shared/hub is present', () => {
    expect(dispatcher.schemaValidation).toBe(schemas ? 'official' : 'envelope-only');
    if (schemas) {
      // The builder of these tests is itself what the Hub accepts.
      expectOfficiallyValid(rdv());
    }
  });

  it('routes a valid Report to the LRM, which acks it: the SAS gets a final Ack referencing it', async () => {
    const env = rdv();
    await sasClient.publish(env);
    const ack = await sasClient.acks.next(env.distributionID);

    const got = lrm.received().filter((r) => r.distributionId === env.distributionID);
    expect(got).toHaveLength(1);
    const apt = env.content[0].jsonContent.embeddedJsonContent.message.appointment;
    expect(got[0]).toMatchObject({ appointmentId: apt.appointmentId, method: 'CreateAppointment', status: 'booked', redelivered: false });
    expect(got[0].body).toEqual(env); // the Hub forwards the body unchanged
    expect(lrm.appointments().get(apt.appointmentId as string)).toMatchObject({ status: 'booked', start: apt.start, method: 'CreateAppointment' });

    expect(ack.msg.fields).toMatchObject({ exchange: 'distribution', routingKey: `${sas}.ack` });
    expect(ack.msg.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2, headers: { [ORIGINAL_ROUTING_KEY_HEADER]: samu330 } });
    const ackId = ack.body.distributionID as string;
    expect(ackId).toMatch(new RegExp(`^${samu330.replace(/\./g, '\\.')}_`));
    expect(ack.body).toMatchObject({
      senderID: samu330, distributionKind: 'Ack', distributionStatus: 'Actual',
      descriptor: { explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: sas } },
    });
    const message = embeddedMessage(ack.body);
    expect(message).toEqual({
      messageId: ackId,
      sender: { name: samu330, URI: `hubex:${samu330}` },
      sentAt: ack.body.dateTimeSent,
      kind: 'Ack',
      status: 'Actual',
      recipient: [{ name: sas, URI: `hubex:${sas}` }],
      reference: { distributionID: env.distributionID },
    });
    expect(message?.sentAt).toMatch(INSTANT);
    expectOfficiallyValid(ack.body);
    // Counted on the broker's confirm, which may come after the delivery itself.
    await dispatcher.untilStats((s) => s.routed >= 2, 5_000, 'the Report and the Ack counted as routed');
  });

  it('forwards the same bytes, persistent, stamped with the sender, with a per-message TTL only under 24 h', async () => {
    // samu075 has no LRM running: read its queue as that client.
    const far = rdv({ recipient: samu075, expires: '2072-09-27T08:23:34+02:00' });
    const soonAt = Date.now() + 10 * 60_000;
    const soon = rdv({ recipient: samu075, expires: hubInstant(soonAt) });
    const publishedAt = Date.now();
    const farText = JSON.stringify(far, null, 2); // the Hub must not re-serialize
    await sasClient.publish(farText, { messageId: 'sas-msg-1', priority: 0 });
    await sasClient.publish(soon);

    const connection = await connectHub({ url: node.url, identity: pki.samu075, caCert: pki.caCert });
    const ch = await connection.createChannel();
    try {
      const byId = new Map<string, ConsumeMessage>();
      const changed = new ConditionWaiters();
      await ch.consume(`${samu075}.message`, (msg) => {
        if (!msg) return;
        byId.set((JSON.parse(msg.content.toString('utf8')) as { distributionID: string }).distributionID, msg);
        ch.ack(msg);
        changed.notify();
      }, { noAck: false });
      await changed.wait(() => byId.has(far.distributionID) && byId.has(soon.distributionID), 10_000, () => `got ${[...byId.keys()].join(', ')}`);
      const farMsg = byId.get(far.distributionID) as ConsumeMessage;
      const soonMsg = byId.get(soon.distributionID) as ConsumeMessage;
      expect(farMsg.content.toString('utf8')).toBe(farText);
      for (const msg of [farMsg, soonMsg]) {
        expect(msg.fields).toMatchObject({ exchange: 'distribution', routingKey: `${samu075}.message` });
        expect(msg.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2, headers: { [ORIGINAL_ROUTING_KEY_HEADER]: sas } });
      }
      expect(farMsg.properties.messageId).toBe('sas-msg-1');
      expect(farMsg.properties.expiration).toBeUndefined();
      const ttl = Number(soonMsg.properties.expiration);
      // dateTimeExpires has whole seconds: the TTL is up to 1 s shorter than what was asked, minus transit.
      expect(ttl).toBeLessThanOrEqual(soonAt - publishedAt);
      expect(ttl).toBeGreaterThan(10 * 60_000 - 5_000);
    } finally {
      // The channel first: a connection.close may overtake the acks still queued on the channel.
      await ch.close();
      await connection.close();
    }
  });

  describe('errors the dispatcher sends the SAS on its .info queue', () => {
    const cases: { what: string; code: number; string: string; make: () => { env: RdvEnvelope; options?: Options.Publish }; cause?: RegExp }[] = [
      { what: 'delivery_mode 1', code: 100, string: 'DELIVERY_MODE_INCONSISTENCY', make: () => ({ env: rdv(), options: { deliveryMode: 1 } }), cause: /non-persistent/ },
      { what: 'content_type text/plain', code: 101, string: 'NOT_ALLOWED_CONTENT_TYPE', make: () => ({ env: rdv(), options: { contentType: 'text/plain' } }) },
      { what: 'no content_type', code: 101, string: 'NOT_ALLOWED_CONTENT_TYPE', make: () => ({ env: rdv(), options: { contentType: undefined } }) },
      {
        // The broker refuses any other routing key from the SAS (topic permission), so only the envelope can lie.
        what: 'an envelope senderID other than the routing key', code: 200, string: 'SENDER_INCONSISTENCY',
        make: () => ({ env: rdv({ senderID: samu075 }) }), cause: new RegExp(`message sender is ${samu075} but received routing key is ${sas}`),
      },
      {
        what: 'a distributionID whose prefix is not the senderID', code: 300, string: 'INVALID_MESSAGE',
        make: () => ({ env: rdv({ distributionId: `fr.health.test.other_${randomUUID()}` }) }), cause: /invalid distributionID format/,
      },
      {
        what: 'a dateTimeExpires already past', code: 400, string: 'EXPIRED_MESSAGE_BEFORE_ROUTING',
        make: () => ({ env: rdv({ expires: hubInstant(Date.now() - 60_000) }) }), cause: /expired before reaching the recipient queue/,
      },
      {
        what: 'a recipient without queues', code: 501, string: 'UNROUTABLE_MESSAGE',
        make: () => ({ env: rdv({ recipient: 'fr.health.test.samu999' }) }), cause: /fr\.health\.test\.samu999\.message/,
      },
    ];

    it.each(cases)('$what → $code $string', async ({ code, string, make, cause }) => {
      const { env, options } = make();
      const before = dispatcher.stats().errors[code] ?? 0;
      await sasClient.publish(env, options);
      const error = expectHubError(await sasClient.infos.next(env.distributionID), code, string, env.distributionID);
      expect(error.sourceMessage).toEqual(env);
      if (cause) expect(error.errorCause).toMatch(cause);
      expect(lrmGot(env.distributionID)).toBe(0); // decided before any forward: it never will be
      expect(dispatcher.stats().errors[code]).toBe(before + 1);
    });

    it('a body that is not JSON → 300, with the distributionID when the Hub can still read it', async () => {
      const distributionId = `${sas}_${randomUUID()}`;
      await sasClient.publish(`{"distributionID": "${distributionId}", "senderID": "${sas}", `);
      const truncated = expectHubError(await sasClient.infos.next(distributionId), 300, 'INVALID_MESSAGE', distributionId);
      expect(truncated.sourceMessage).toBeUndefined();
      expect(truncated.errorCause).toMatch(/JSON/);

      const after = sasClient.infos.size;
      await sasClient.publish('not JSON at all');
      const garbage = expectHubError(await sasClient.infos.next(DISTRIBUTION_ID_UNAVAILABLE, 10_000, after), 300, 'INVALID_MESSAGE', DISTRIBUTION_ID_UNAVAILABLE);
      expect(garbage.sourceMessage).toBeUndefined();
    });

    it.skipIf(!schemas).each([
      { what: 'an extra property in the appointment', appointment: { colour: 'blue' }, cause: /appointment: must NOT have additional properties \(colour\)/ },
      { what: "method 'createAppointment'", appointment: { method: 'createAppointment' }, cause: /appointment\/method: must be equal to one of the allowed values \[CreateAppointment, UpdateAppointment\]/ },
      { what: 'a start instant in Z', appointment: { start: '2026-11-23T09:00:00Z' }, cause: /appointment\/start: must match pattern/ },
    ])('$what → 300 INVALID_MESSAGE naming the offending field (official schema)', async ({ appointment, cause }) => {
      const env = rdv({ appointment });
      await sasClient.publish(env);
      const error = expectHubError(await sasClient.infos.next(env.distributionID), 300, 'INVALID_MESSAGE', env.distributionID);
      expect(error.errorCause).toMatch(/^Could not validate message against schema/);
      expect(error.errorCause).toMatch(cause);
      expect(error.errorCause).not.toMatch(/technical|oneOf/); // the other use cases' misses are left out
      expect(error.sourceMessage).toEqual(env);
      expect(lrmGot(env.distributionID)).toBe(0);
    });
    if (!schemas) it.skip(`schema errors (300): ${NO_SCHEMAS}`, () => {});

    it('an LRM that rejects the message → the broker dead-letters it → 500 DEAD_LETTER_QUEUED, reason rejected', async () => {
      lrm.setMode('reject');
      const env = rdv();
      await sasClient.publish(env);
      const error = expectHubError(await sasClient.infos.next(env.distributionID), 500, 'DEAD_LETTER_QUEUED', env.distributionID);
      expect(error.errorCause).toBe(`Message ${env.distributionID} has been read from dead-letter-queue; reason was rejected`);
      expect(error.sourceMessage).toEqual(env);
      expect(lrmGot(env.distributionID)).toBe(1);
      expect(lrm.appointments().has(env.content[0].jsonContent.embeddedJsonContent.message.appointment.appointmentId as string)).toBe(false);
      expect(sasClient.acks.get(env.distributionID)).toEqual([]);
    });

    it('a message nobody reads before its dateTimeExpires → expires in the queue → 500, reason expired', async () => {
      const env = rdv({ recipient: samu075, expires: hubInstant(Date.now() + 3_000) });
      await sasClient.publish(env);
      const error = expectHubError(await sasClient.infos.next(env.distributionID, 15_000), 500, 'DEAD_LETTER_QUEUED', env.distributionID);
      expect(error.errorCause).toBe(`Message ${env.distributionID} has been read from dead-letter-queue; reason was expired`);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(env.dateTimeExpires));
    });

    it('drops silently what dies in an .info queue (no error about an error)', async () => {
      const before = dispatcher.stats();
      const env = rdv();
      sasClient.rejectInfo = (body) => (embeddedMessage(body)?.error as { referencedDistributionID?: string } | undefined)?.referencedDistributionID === env.distributionID;
      const rejectedBefore = sasClient.infos.rejected.length;
      await sasClient.publish(env, { contentType: 'text/plain' }); // → a 101 on .info, which the SAS then rejects
      await sasClient.infos.whenRejected(rejectedBefore + 1, 10_000);
      await dispatcher.untilStats((s) => s.deadLettered > before.deadLettered, 10_000, 'the rejected error read from dispatch.dlq');
      const after = dispatcher.stats();
      expect(after.errors[101]).toBe((before.errors[101] ?? 0) + 1);
      expect(after.errors[500] ?? 0).toBe(before.errors[500] ?? 0);
      expect(sasClient.infos.get(env.distributionID)).toEqual([]);
    });
  });

  describe('LRM behaviours', () => {
    it.each([
      { mode: 'conflict' as const, statusCode: 409, statusString: 'CONFLICT' },
      { mode: 'conflict-701' as const, statusCode: 701, statusString: 'CASE_ALREADY_EXISTS' },
    ])('$mode: a second CreateAppointment for the same id → LRM error $statusCode reaches the SAS .info', async ({ mode, statusCode, statusString }) => {
      lrm.setMode(mode);
      const appointmentId = randomUUID();
      const first = rdv({ appointmentId });
      await sasClient.publish(first);
      await sasClient.acks.next(first.distributionID);
      const second = rdv({ appointmentId, status: 'pending' });
      await sasClient.publish(second);
      const { body, msg } = await sasClient.infos.next(second.distributionID);

      expect(msg.fields).toMatchObject({ exchange: 'distribution', routingKey: `${sas}.info` });
      expect(msg.properties.headers?.[ORIGINAL_ROUTING_KEY_HEADER]).toBe(samu330);
      expect(body).toMatchObject({ senderID: samu330, distributionKind: 'Error', descriptor: { explicitAddress: { explicitAddressValue: sas } } });
      expect(body.distributionID).toMatch(new RegExp(`^${samu330.replace(/\./g, '\\.')}_`));
      const message = embeddedMessage(body);
      expect(Object.keys(message ?? {})).toEqual(['error']);
      expect(message?.error).toMatchObject({
        errorCode: { statusCode, statusString },
        referencedDistributionID: second.distributionID,
        sourceMessage: second,
      });
      // RS-ERROR puts no enum on statusCode: the LRM's 409 is a valid message for the official schema.
      expectOfficiallyValid(body);
      expect(sasClient.acks.get(second.distributionID)).toEqual([]);
      expect(lrm.appointments().get(appointmentId)).toMatchObject({ status: 'booked', method: 'CreateAppointment' });
    });

    it('holds an UpdateAppointment for an unknown id as a creation (and acks it, even in conflict mode)', async () => {
      lrm.setMode('conflict');
      const appointmentId = randomUUID();
      const env = rdv({ appointmentId, method: 'UpdateAppointment', status: 'cancelled' });
      await sasClient.publish(env);
      await sasClient.acks.next(env.distributionID);
      expect(lrm.appointments().get(appointmentId)).toMatchObject({ method: 'UpdateAppointment', status: 'cancelled', start: '2026-11-23T10:00:00+01:00' });
      const update = rdv({ appointmentId, method: 'UpdateAppointment', status: 'fulfilled' });
      await sasClient.publish(update);
      await sasClient.acks.next(update.distributionID);
      expect(lrm.appointments().get(appointmentId)?.status).toBe('fulfilled');
    });

    it('acks with a step and refused when asked (and does not hold a refused appointment)', async () => {
      lrm.setMode('ack', { step: 'INTEGRE', refused: true });
      const env = rdv();
      await sasClient.publish(env);
      const ack = await sasClient.acks.next(env.distributionID);
      expect(embeddedMessage(ack.body)?.reference).toEqual({ distributionID: env.distributionID, step: 'INTEGRE', refused: true });
      expectOfficiallyValid(ack.body);
      expect(lrm.appointments().has(env.content[0].jsonContent.embeddedJsonContent.message.appointment.appointmentId as string)).toBe(false);
    });

    it('silent: takes the message and answers nothing', async () => {
      lrm.setMode('silent');
      const quiet = rdv();
      await sasClient.publish(quiet);
      await lrm.until((r) => r.some((x) => x.distributionId === quiet.distributionID), 10_000, 'the silent message');
      lrm.setMode('ack');
      const loud = rdv();
      await sasClient.publish(loud);
      await sasClient.acks.next(loud.distributionID);
      // Answers travel one channel, one dispatcher, one queue, in order: an ack for `quiet` would be here by now.
      expect(sasClient.acks.get(quiet.distributionID)).toEqual([]);
      expect(lrm.appointments().has(quiet.content[0].jsonContent.embeddedJsonContent.message.appointment.appointmentId as string)).toBe(true);
    });

    it('reports a distributionID received twice (the Hub does not de-duplicate)', async () => {
      const env = rdv();
      await sasClient.publish(env);
      await sasClient.publish(env);
      await lrm.until((r) => r.filter((x) => x.distributionId === env.distributionID).length === 2, 10_000, 'both copies');
      expect(lrm.duplicates()).toContain(env.distributionID);
      await sasClient.acks.next(env.distributionID);
      await sasClient.acks.next(env.distributionID, 10_000, sasClient.acks.get(env.distributionID)[0].seq + 1);
    });

    it('until() rejects after its timeout saying what the LRM saw', async () => {
      await expect(lrm.until(() => false, 50, 'an impossible condition')).rejects.toThrow(/an impossible condition not met within 50 ms: LRM fr\.health\.test\.samu330 \(mode ack\) received \d+ message/);
    });
  });

  describe('pause and resume', () => {
    it('a paused dispatcher leaves messages in dispatch; resumed, it delivers the backlog', async () => {
      await dispatcher.pause();
      const envs = [rdv(), rdv(), rdv()];
      try {
        for (const env of envs) await sasClient.publish(env);
        expect((await node.queues()).find((q) => q.name === 'dispatch')?.messages).toBe(3);
        expect(envs.map((e) => lrmGot(e.distributionID))).toEqual([0, 0, 0]);
      } finally {
        await dispatcher.resume();
      }
      await sasClient.acks.all_of(envs.map((e) => e.distributionID), 10_000);
    });

    it('a paused LRM leaves its queue untouched; resumed, it takes the message', async () => {
      await lrm.pause();
      try {
        const routed = dispatcher.stats().routed;
        const env = rdv();
        await sasClient.publish(env);
        await dispatcher.untilStats((s) => s.routed > routed, 10_000, 'the message routed to the paused LRM');
        expect((await node.queues()).find((q) => q.name === `${samu330}.message`)?.messages).toBe(1);
        expect(lrmGot(env.distributionID)).toBe(0);
        await lrm.resume();
        await sasClient.acks.next(env.distributionID);
      } finally {
        await lrm.resume();
      }
    });

    it('without schemas, checks the envelope only (a second dispatcher, schemaDir null)', async () => {
      await dispatcher.pause();
      const bare = await startHubDispatcher({ url: node.url, identity: pki.hub, caCert: pki.caCert, schemaDir: null });
      try {
        expect(bare.schemaValidation).toBe('envelope-only');
        const extra = rdv({ appointment: { colour: 'blue' } }); // only the official schema refuses this one
        await sasClient.publish(extra);
        await sasClient.acks.next(extra.distributionID);
        const noAddress = rdv() as unknown as Record<string, unknown>;
        delete noAddress.descriptor;
        await sasClient.publish(noAddress);
        const error = expectHubError(await sasClient.infos.next(noAddress.distributionID as string), 300, 'INVALID_MESSAGE', noAddress.distributionID as string);
        expect(error.errorCause).toMatch(/explicitAddressValue/);
      } finally {
        await bare.stop();
        await dispatcher.resume();
      }
    });
  });

  it('throughput smoke: 2,000 messages published pipelined reach the LRM and 2,000 acks come back', async () => {
    const envs = Array.from({ length: 2_000 }, () => rdv());
    const ids = envs.map((e) => e.distributionID);
    const receivedBefore = lrm.received().length;
    const t0 = Date.now();
    await Promise.all(envs.map((env) => sasClient.publish(env)));
    const published = Date.now();
    await lrm.until((r) => r.length >= receivedBefore + envs.length, 30_000, '2,000 messages at the LRM');
    await sasClient.acks.all_of(ids, 30_000);
    const ms = Date.now() - t0;
    console.info(`throughput: 2000 published+confirmed in ${published - t0} ms; delivered and acked back in ${ms} ms ` +
      `(${Math.round((envs.length * 1000) / ms)} round trips/s)`);
    const got = new Set(lrm.received().slice(receivedBefore).map((r) => r.distributionId));
    expect(ids.every((id) => got.has(id))).toBe(true);
    expect(lrm.duplicates().filter((d) => got.has(d))).toEqual([]);
  }, 60_000);

  it('a broker restart: the dispatcher and the LRM reconnect by themselves, nothing in flight is lost', async () => {
    const env = rdv();
    await lrm.pause(); // leaves a message waiting in samu330.message across the restart
    const routed = dispatcher.stats().routed;
    await sasClient.publish(env);
    await dispatcher.untilStats((s) => s.routed > routed, 10_000, 'the message routed before the restart');
    expect(lrmGot(env.distributionID)).toBe(0);
    await node.restartApp();
    await sasClient.close();
    sasClient = await SasClient.open();
    await lrm.resume();
    await sasClient.acks.next(env.distributionID, 20_000);
    const after = rdv();
    await sasClient.publish(after);
    await sasClient.acks.next(after.distributionID, 20_000);
  }, 60_000);
});
