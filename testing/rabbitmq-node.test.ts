// The private "Hub Santé" broker harness against a real RabbitMQ node: TLS with certificate login (SASL
// EXTERNAL, user = CN), the Hub's topology and the per-client permissions of shared/spec/hub-sante.md §1.3.
import fs from 'node:fs';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubPki, HUB_TEST_IDS, type HubClientFiles, type HubPki, issueHubClient, removeHubPki } from './hub-pki';
import { type RabbitNode, startRabbitNode } from './rabbitmq-node';

const { sas, samu330, samu075 } = HUB_TEST_IDS;

let pki: HubPki;
let node: RabbitNode;

beforeAll(async () => {
  pki = createHubPki();
  const t0 = Date.now();
  node = await startRabbitNode({ pki, clients: [sas, samu330, samu075] });
  console.info(`RabbitMQ test node ${node.nodeName} up on ${node.url} in ${Date.now() - t0} ms`);
}, 180_000);

afterAll(async () => {
  await node?.stop();
  if (pki) removeHubPki(pki);
}, 120_000);

/** Connections opened by a test, closed after it (already closed ones are skipped). */
const open = new Set<ChannelModel>();
afterEach(async () => {
  for (const c of [...open]) await c.close().catch(() => {});
  open.clear();
});

type Identity = HubClientFiles | { pfx: string; passphrase: string } | null;

function socketOptions(identity: Identity, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const tlsIdentity = identity === null
    ? {}
    : 'pfx' in identity
      ? { pfx: fs.readFileSync(identity.pfx), passphrase: identity.passphrase }
      : { cert: fs.readFileSync(identity.cert), key: fs.readFileSync(identity.key) };
  return { ...tlsIdentity, ca: fs.readFileSync(pki.caCert), credentials: amqp.credentials.external(), timeout: 10_000, ...extra };
}

/** Connects as a client, closed after the test. Errors are not thrown: 'close' carries them too. */
async function connect(identity: Identity, extra: Record<string, unknown> = {}): Promise<ChannelModel> {
  const connection = await amqp.connect(node.url, socketOptions(identity, extra));
  connection.on('error', () => {});
  open.add(connection);
  connection.once('close', () => open.delete(connection));
  return connection;
}

/** A channel whose 'error' event is awaited through `closed` instead of being thrown. */
async function channel<C extends Channel>(make: () => Promise<C>): Promise<{ ch: C; closed: Promise<Error | null> }> {
  const ch = await make();
  let lastError: Error | null = null;
  ch.on('error', (err: Error) => { lastError = err; });
  const closed = new Promise<Error | null>((resolve) => ch.once('close', () => resolve(lastError)));
  return { ch, closed };
}

/** Publishes on a confirm channel and resolves once the broker confirmed (rejects on a nack or a closed channel). */
function publishConfirmed(ch: ConfirmChannel, exchange: string, routingKey: string, body: object, options: Options.Publish = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    ch.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), { contentType: 'application/json', deliveryMode: 2, ...options },
      (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
  });
}

/** The next message delivered from `queue` (manual acknowledgement; the caller acks). */
async function nextMessage(ch: Channel, queue: string): Promise<ConsumeMessage> {
  return new Promise((resolve, reject) => {
    ch.consume(queue, (msg) => (msg ? resolve(msg) : reject(new Error(`consumer of ${queue} cancelled`))), { noAck: false })
      .catch(reject);
  });
}

async function depth(queue: string): Promise<number | undefined> {
  return (await node.queues()).find((q) => q.name === queue)?.messages;
}

const sasIdentity = () => pki.sas;
const sasP12 = () => ({ pfx: pki.sas.p12, passphrase: pki.sas.passphrase });

describe('private Hub Santé broker (RabbitMQ over TLS, SASL EXTERNAL)', () => {
  it('declares the Hub topology: dispatch, dispatch.dlq and three queues per client, all empty', async () => {
    const names = (await node.queues()).map((q) => q.name).sort();
    const perClient = [sas, samu330, samu075].flatMap((id) => [`${id}.ack`, `${id}.info`, `${id}.message`]);
    expect(names).toEqual(['dispatch', 'dispatch.dlq', ...perClient].sort());
    expect((await node.queues()).every((q) => q.messages === 0)).toBe(true);
    const args = await node.ctl(['list_queues', '-p', node.vhost, '--no-table-headers', '--quiet', 'name', 'durable', 'arguments']);
    expect(args).toMatch(new RegExp(`^${sas.replace(/\./g, '\\.')}\\.ack\\ttrue\\t.*"x-dead-letter-exchange","distribution\\.dlx".*"x-message-ttl",86400000`, 'm'));
    const exchanges = await node.ctl(['list_exchanges', '-p', node.vhost, '--no-table-headers', '--quiet', 'name', 'type', 'durable']);
    expect(exchanges).toMatch(/^hubsante\ttopic\ttrue$/m);
    expect(exchanges).toMatch(/^distribution\tdirect\ttrue$/m);
    expect(exchanges).toMatch(/^distribution\.dlx\tfanout\ttrue$/m);
  });

  it('logs the SAS platform in by certificate (PEM or PKCS#12, TLS 1.3 or 1.2) as its client id', async () => {
    await connect(sasIdentity());
    await connect(sasP12(), { maxVersion: 'TLSv1.2' });
    const users = await node.ctl(['list_connections', '--no-table-headers', '--quiet', 'user', 'auth_mechanism', 'ssl_protocol']);
    const rows = users.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map(([user, mechanism]) => [user, mechanism])).toEqual([[sas, 'EXTERNAL'], [sas, 'EXTERNAL']]);
    expect(rows.map((r) => r[2]).sort()).toEqual(['tlsv1.2', 'tlsv1.3']);
  });

  it('refuses a certificate from another CA (even with a known CN), no certificate, and an unknown CN', async () => {
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2']) {
      await expect(amqp.connect(node.url, socketOptions(pki.rogue, { maxVersion })))
        .rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' });
    }
    await expect(amqp.connect(node.url, socketOptions(null))).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    // A certificate from the trusted CA whose CN is no user of the broker: refused at login.
    const stranger = issueHubClient(pki, 'fr.health.test.stranger');
    await expect(amqp.connect(node.url, socketOptions(stranger))).rejects.toThrow(/403 \(ACCESS-REFUSED\).*EXTERNAL/);
    expect((await node.ctl(['list_connections', '--no-table-headers', '--quiet', 'user'])).trim()).toBe('');
  });

  it('confirms a persistent JSON message the SAS publishes with its own id, which waits in dispatch for the dispatcher', async () => {
    const sasConnection = await connect(sasP12());
    const { ch } = await channel(() => sasConnection.createConfirmChannel());
    const body = { distributionID: `${sas}_test-1` };
    await publishConfirmed(ch, 'hubsante', sas, body);
    expect(await depth('dispatch')).toBe(1);

    const dispatcher = await connect(pki.hub);
    const { ch: dch } = await channel(() => dispatcher.createChannel());
    const msg = await nextMessage(dch, 'dispatch');
    expect(JSON.parse(msg.content.toString('utf8'))).toEqual(body);
    expect(msg.fields).toMatchObject({ exchange: 'hubsante', routingKey: sas });
    expect(msg.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2 });
    dch.ack(msg);
    await dch.close(); // in order after the ack: the queue is empty once this resolves
    expect(await depth('dispatch')).toBe(0);
  });

  it.each([
    { what: 'to hubsante with another client id', exchange: 'hubsante', routingKey: samu330 },
    { what: 'to hubsante with a wildcard-looking key', exchange: 'hubsante', routingKey: `${sas}.x` },
    { what: 'straight to distribution', exchange: 'distribution', routingKey: `${samu330}.message` },
    { what: 'to the default exchange', exchange: '', routingKey: `${samu330}.message` },
  ])('refuses a SAS publish $what: 403 ACCESS_REFUSED closes the channel', async ({ exchange, routingKey }) => {
    const sasConnection = await connect(sasIdentity());
    const { ch, closed } = await channel(() => sasConnection.createConfirmChannel());
    await expect(publishConfirmed(ch, exchange, routingKey, { forged: true })).rejects.toThrow();
    const error = (await closed) as (Error & { code?: number }) | null;
    expect(error?.code).toBe(403);
    expect(error?.message).toMatch(/ACCESS_REFUSED/);
    // The connection survives a channel error.
    const { ch: again } = await channel(() => sasConnection.createConfirmChannel());
    await publishConfirmed(again, 'hubsante', sas, { legit: true });
    const queues = await node.queues();
    expect(queues.filter((q) => q.messages > 0)).toEqual([{ name: 'dispatch', messages: 1 }]);
    await node.ctl(['purge_queue', '-p', node.vhost, 'dispatch']);
  });

  it('lets the SAS check its own queues passively but never declare one', async () => {
    const sasConnection = await connect(sasIdentity());
    const { ch } = await channel(() => sasConnection.createChannel());
    await expect(ch.checkQueue(`${sas}.ack`)).resolves.toMatchObject({ queue: `${sas}.ack`, messageCount: 0 });
    await expect(ch.checkQueue(`${sas}.info`)).resolves.toMatchObject({ queue: `${sas}.info`, messageCount: 0 });

    for (const [queue, options] of [
      [`${sas}.ack`, { durable: true, arguments: { 'x-message-ttl': 86_400_000, 'x-dead-letter-exchange': 'distribution.dlx' } }],
      [`${sas}.mine`, { durable: true }],
    ] as const) {
      const { ch: declaring, closed } = await channel(() => sasConnection.createChannel());
      await expect(declaring.assertQueue(queue, options)).rejects.toThrow(/ACCESS_REFUSED/);
      expect(((await closed) as (Error & { code?: number }) | null)?.code).toBe(403);
    }
    expect((await node.queues()).map((q) => q.name)).not.toContain(`${sas}.mine`);
  });

  it('carries a dispatcher message on distribution to the SAS .ack queue, and no one else may read it', async () => {
    const dispatcher = await connect(pki.hub);
    const { ch: dch } = await channel(() => dispatcher.createConfirmChannel());
    const ack = { reference: { distributionID: `${sas}_test-2` } };
    await publishConfirmed(dch, 'distribution', `${sas}.ack`, ack, { mandatory: true });
    expect(await depth(`${sas}.ack`)).toBe(1);

    // An LRM cannot consume the SAS platform's queue.
    const lrm = await connect(pki.samu330);
    const { ch: lch, closed } = await channel(() => lrm.createChannel());
    await expect(lch.consume(`${sas}.ack`, () => {})).rejects.toThrow(/ACCESS_REFUSED/);
    expect(((await closed) as (Error & { code?: number }) | null)?.code).toBe(403);

    const sasConnection = await connect(sasIdentity());
    const { ch } = await channel(() => sasConnection.createChannel());
    const msg = await nextMessage(ch, `${sas}.ack`);
    expect(JSON.parse(msg.content.toString('utf8'))).toEqual(ack);
    expect(msg.fields).toMatchObject({ exchange: 'distribution', routingKey: `${sas}.ack` });
    ch.ack(msg);
    await ch.close();
    expect(await depth(`${sas}.ack`)).toBe(0);
  });

  it('restartApp() drops the connections and keeps a persistent message in a durable queue', async () => {
    const dispatcher = await connect(pki.hub);
    const { ch: dch } = await channel(() => dispatcher.createConfirmChannel());
    const appointment = { appointment: { id: 'rdv-1' } };
    await publishConfirmed(dch, 'distribution', `${samu330}.message`, appointment);
    const lrmBefore = await connect(pki.samu330);
    // A broker shutdown is not "fatal" to amqplib: no 'error' event, but 'close' carries the reason.
    const dropped = Promise.all([dispatcher, lrmBefore].map((c) => new Promise<Error | undefined>((resolve) => c.once('close', resolve))));

    const t0 = Date.now();
    await node.restartApp();
    const reasons = await dropped;
    console.info(`restartApp took ${Date.now() - t0} ms`);
    for (const reason of reasons) expect(reason?.message).toMatch(/320 \(CONNECTION-FORCED\).*shutdown/);
    expect(await depth(`${samu330}.message`)).toBe(1);

    const lrm = await connect(pki.samu330);
    const { ch } = await channel(() => lrm.createChannel());
    const msg = await nextMessage(ch, `${samu330}.message`);
    expect(JSON.parse(msg.content.toString('utf8'))).toEqual(appointment);
    expect(msg.properties.deliveryMode).toBe(2);
    ch.ack(msg);
    await ch.close();
    expect(await depth(`${samu330}.message`)).toBe(0);
  });
});
