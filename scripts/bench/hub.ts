// INT_L02 on a real broker (private RabbitMQ node with TLS and certificate login):
// 1. publish rate with confirms, the product's outbox pump versus a bare amqplib confirm loop on the same broker
//    and the same message size, in the same run (the dispatcher paused, so both only fill `dispatch`);
// 2. latency from an appointment accepted by the gateway to its final ack stored, through the test dispatcher and
//    a test LRM, at a steady rate and in a burst.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import { startCore, type Core } from '../../electron/core/core';
import { seedStore } from '../../electron/core/demo/seed-store';
import { buildRdvEnvelope } from '../../shared/hub/rdv-message';
import { psAppointment } from '../../testing/fixtures';
import { hubConnectionInput, type HubPeers, seedHubData, sendAppointment, startHubPeers } from '../../testing/hub-fixtures';
import { HUB_TEST_IDS } from '../../testing/hub-pki';
import { percentile } from './stats';

const waitFor = async (check: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

/** The same size of message as the product's (a full RS-SAS-RDV envelope), published as fast as confirms allow. */
async function bareLoop(peers: HubPeers, n: number): Promise<number> {
  const connection = await amqp.connect(peers.node.url, {
    cert: fs.readFileSync(peers.pki.sas.cert),
    key: fs.readFileSync(peers.pki.sas.key),
    ca: fs.readFileSync(peers.pki.caCert),
    credentials: amqp.credentials.external(),
  });
  const ch = await connection.createConfirmChannel();
  const sent = Date.now();
  const bodies = Array.from({ length: n }, (_, i) => Buffer.from(JSON.stringify(buildRdvEnvelope({
    clientId: HUB_TEST_IDS.sas,
    recipient: HUB_TEST_IDS.samu330,
    distributionId: `${HUB_TEST_IDS.sas}_bare-${i}-${sent}`,
    sentUtc: sent,
    expiresUtc: sent + 86_400_000,
    appointment: {
      appointmentId: `bare-${i}`,
      method: 'CreateAppointment',
      createdUtc: sent,
      startUtc: sent + 3_600_000,
      endUtc: sent + 4_800_000,
      status: 'booked',
      orientationCategory: 'PS',
      practitioner: { rppsId: '810012345678', lastName: 'Martin', firstName: 'Paul', specialityCode: 'SM54', professionCode: '10' },
      organization: null,
      regulator: { regulatorId: '810004567891', name: 'Régulier', firstName: 'Anne', email: 'anne.regulier@samu-test.fr' },
    },
  }))));
  const t0 = performance.now();
  for (const body of bodies) {
    const ok = ch.publish('hubsante', HUB_TEST_IDS.sas, body, { contentType: 'application/json', deliveryMode: 2, persistent: true, priority: 0 });
    if (!ok) await new Promise((r) => ch.once('drain', r));
  }
  await ch.waitForConfirms();
  const seconds = (performance.now() - t0) / 1000;
  await ch.close();
  await connection.close();
  return n / seconds;
}

async function productPublish(peers: HubPeers, n: number): Promise<{ rate: number; core: Core; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-bench-hub-'));
  const core = await startCore({ dataDir, host: 'headless' });
  seedHubData(core);
  core.hub.saveConnection(hubConnectionInput(peers));
  await waitFor(() => core.hub.status().state === 'connected', 30_000, 'connected');
  core.hub.publisher.hold(true);
  seedStore(core.db, core.appointments, Array.from({ length: n }, () => ({ editor: 'Agenda Bench', versions: [psAppointment()] })));
  const before = core.hub.publisher.confirmedCount;
  const t0 = performance.now();
  core.hub.publisher.hold(false);
  await waitFor(() => core.hub.publisher.confirmedCount - before >= n, 300_000, 'all confirmed');
  const seconds = (performance.now() - t0) / 1000;
  return { rate: n / seconds, core, dataDir };
}

function latencies(core: Core, since: number): number[] {
  return (core.db.prepare(`SELECT t.acknowledged_utc - v.received_utc AS d FROM transmissions t
    JOIN appointment_versions v ON v.appointment_id = t.appointment_id AND v.version = t.sent_version
    WHERE t.state = 'acknowledged' AND v.received_utc >= ?`).all(since) as { d: number }[]).map((r) => r.d);
}

async function latencyRun(core: Core, fhir: string, label: string, count: number, perSecond: number | null): Promise<void> {
  const since = Date.now();
  const start = performance.now();
  const ids: string[] = [];
  if (perSecond === null) {
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < count) {
        next++;
        ids.push((await sendAppointment(fhir, psAppointment())).id);
      }
    }));
  } else {
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      ids.push((await sendAppointment(fhir, psAppointment())).id);
    }
  }
  await waitFor(() => latencies(core, since).length >= count, 300_000, `${label}: all acknowledged`);
  const d = latencies(core, since);
  console.log(`  ${label}: ${count} appointments, accepted → final ack stored: p50 ${percentile(d, 50)} ms, p95 ${percentile(d, 95)} ms, p99 ${percentile(d, 99)} ms, max ${Math.max(...d)} ms`);
}

export async function hubBench(messages = 20_000): Promise<void> {
  console.log(`\nINT_L02 through a private RabbitMQ node (TLS, SASL EXTERNAL), test dispatcher and LRM in this process`);
  const peers = await startHubPeers();
  let run: { core: Core; dataDir: string } | null = null;
  try {
    await peers.dispatcher.pause();
    const purge = () => peers.node.ctl(['purge_queue', '-p', peers.node.vhost, 'dispatch']);
    await bareLoop(peers, 2_000); // warm-up: TLS, broker, JIT
    await purge();
    const bare = await bareLoop(peers, messages);
    await purge();
    const product = await productPublish(peers, messages);
    run = product;
    await purge();
    const bare2 = await bareLoop(peers, messages);
    await purge();
    const bareMean = (bare + bare2) / 2;
    console.log(`  publish with confirms, ${messages} messages of ${messages} appointments:`);
    console.log(`    bare amqplib confirm loop: ${Math.round(bare)} and ${Math.round(bare2)} msg/s (before and after)`);
    console.log(`    product (outbox → build → own schema check → journal → publish → confirm stored): ${Math.round(product.rate)} msg/s = ${Math.round((100 * product.rate) / bareMean)}% of the bare loop (target ≥ 80%)`);

    // Latency: the Hub and the LRM at work; the gateway over HTTP. (The purged messages of the publish run get no
    // ack: they are left out by the time filter.)
    await peers.dispatcher.resume();
    product.core.settings.update({ gateway: { enabled: true, host: '127.0.0.1', port: 0 } });
    await product.core.apply();
    const fhir = product.core.info().gateway.url!;
    await latencyRun(product.core, fhir, 'steady 50/s', 500, 50);
    await latencyRun(product.core, fhir, 'burst (16 editors in parallel)', 3_000, null);
  } finally {
    if (run) {
      await run.core.close();
      fs.rmSync(run.dataDir, { recursive: true, force: true });
    }
    await peers.stop();
  }
}
