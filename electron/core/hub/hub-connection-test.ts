// « Tester la connexion »: each step the platform needs, reported separately so that the operator sees which
// one fails: the TLS handshake (the broker's certificate against our CAs, ours against the broker's), the
// SASL EXTERNAL login (a user for our certificate's CN), and the passive checks of `hubsante` and of our two
// queues. Passive only: the Hub grants no configure permission, and a test must change nothing.
import amqp, { type ChannelModel } from 'amqplib';
import type { HubCheck, HubConnectionTest } from '../../../shared/api/hub-api';
import { certificateInfo } from '../editors/certificate-info';
import { amqpFailure, HUB_EXCHANGE, type HubLinkConfig, peerCertificate, socketOptions } from './hub-link';
import type { HubConnectionRecord } from './hub-connection-store';

export async function testHubConnection(config: HubLinkConfig, record: HubConnectionRecord): Promise<HubConnectionTest> {
  const t0 = Date.now();
  const checks: HubCheck[] = [];
  let clientCertificate: HubConnectionTest['clientCertificate'] = null;
  if (record.identity) {
    try {
      const info = certificateInfo(record.identity.certPem);
      clientCertificate = { subject: info.subject, issuer: info.issuer, validTo: info.validTo };
    } catch {
      clientCertificate = null;
    }
  }
  const done = (serverCertificate: HubConnectionTest['serverCertificate']): HubConnectionTest => ({
    ok: checks.every((c) => c.ok),
    durationMs: Date.now() - t0,
    serverCertificate,
    clientCertificate,
    checks,
  });

  const peer = await peerCertificate(config.url, config);
  const serverCertificate = peer.subject ? { subject: peer.subject, issuer: peer.issuer, validTo: peer.validTo } : null;
  checks.push({ step: 'tls', ok: !peer.error, detail: serverCertificate?.subject ?? null, failure: peer.error });
  if (peer.error) return done(serverCertificate);

  let connection: ChannelModel | null = null;
  try {
    connection = await amqp.connect(config.url, socketOptions(config));
    connection.on('error', () => undefined);
    checks.push({ step: 'auth', ok: true, detail: 'EXTERNAL', failure: null });
  } catch (e) {
    // With TLS 1.3 a refused client certificate only shows once the AMQP handshake starts.
    checks.push({ step: 'auth', ok: false, detail: null, failure: amqpFailure(e) });
    return done(serverCertificate);
  }
  try {
    const passive: { step: string; run: (ch: amqp.Channel) => Promise<unknown> }[] = [
      { step: 'exchange', run: (ch) => ch.checkExchange(HUB_EXCHANGE) },
      { step: `queue:${config.clientId}.ack`, run: (ch) => ch.checkQueue(`${config.clientId}.ack`) },
      { step: `queue:${config.clientId}.info`, run: (ch) => ch.checkQueue(`${config.clientId}.info`) },
    ];
    for (const p of passive) {
      // A failed passive check closes its channel: one channel per check.
      const ch = await connection.createChannel();
      ch.on('error', () => undefined);
      try {
        await p.run(ch);
        checks.push({ step: p.step, ok: true, detail: null, failure: null });
        await ch.close().catch(() => undefined);
      } catch (e) {
        checks.push({ step: p.step, ok: false, detail: null, failure: amqpFailure(e) });
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
  return done(serverCertificate);
}
