// A private RabbitMQ node for tests that need a real "Hub Santé" broker (INT_L02): AMQP 0-9-1 over TLS
// only, client certificate required, SASL EXTERNAL with the certificate CN as user, and the Hub's topology
// and per-client permissions (shared/spec/hub-sante.md §1.3) declared from code. Each call gets its own
// node name, ports, Erlang cookie and folder; the machine's default node (5672) is never touched.
//
// Machine facts (shared/design/test-infrastructure.md): the node runs as user `rabbitmq`. Debian's
// /usr/sbin/rabbitmq-server wrapper, run as root, re-runs itself through `su rabbitmq` from
// /var/lib/rabbitmq with that folder's cookie; we skip the wrapper and spawn the real scripts
// (/usr/lib/rabbitmq/bin) with the `rabbitmq` uid/gid, a clean environment and a private HOME (cookie).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { HUB_TEST_IDS, type HubPki } from './hub-pki';

export interface RabbitNode {
  /** `amqps://localhost:<port>/<vhost>` (vhost URI-encoded). */
  url: string;
  port: number;
  vhost: string;
  nodeName: string;
  dir: string;
  /** Stop and start the broker's app (rabbitmqctl stop_app / start_app): connections drop, durable queues and persistent messages survive. */
  restartApp(): Promise<void>;
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  /** rabbitmqctl list_queues name messages … parsed. */
  queues(): Promise<{ name: string; messages: number }[]>;
  /** `rabbitmqctl -n <node> ...args`; resolves with stdout, rejects with stderr on a non-zero exit. */
  ctl(args: string[]): Promise<string>;
  /** Stops the node, waits for its process to exit and removes its folder. */
  stop(): Promise<void>;
}

export interface RabbitNodeOptions {
  pki: HubPki;
  /** Hub client ids (users = certificate CNs), each with its `<id>.message|ack|info` queues. */
  clients: string[];
  /** Default `sas-test`. */
  vhost?: string;
  /** The test dispatcher's id (reads `dispatch`/`dispatch.dlq`, writes `distribution`). Default `fr.health.test.hub`. */
  dispatcher?: string;
  /** `x-message-ttl` of the client queues. Default 24 h, as the Hub. */
  queueTtlMs?: number;
  /** Default 90 s. */
  startTimeoutMs?: number;
}

export const HUB_EXCHANGE = 'hubsante';
export const DISTRIBUTION_EXCHANGE = 'distribution';
export const DLX_EXCHANGE = 'distribution.dlx';
export const DISPATCH_QUEUE = 'dispatch';
export const DLQ_QUEUE = 'dispatch.dlq';
export const CLIENT_QUEUE_TYPES = ['message', 'ack', 'info'] as const;
const DAY_MS = 86_400_000;

const SCRIPTS_DIR = process.env.RABBITMQ_SCRIPTS_DIR ?? '/usr/lib/rabbitmq/bin';
/** The default node's AMQP, distribution and management ports, epmd, and the band rabbitmqctl takes its own distribution port in. */
const RESERVED_PORTS = new Set([4369, 5671, 5672, 15672, 25672, ...Array.from({ length: 11 }, (_, i) => 35672 + i)]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Hub topology and permissions for `rabbitmqctl import_definitions` (our own, written from the spec). */
export function hubDefinitions(options: { vhost: string; clients: string[]; dispatcher: string; queueTtlMs: number }): object {
  const { vhost, clients, dispatcher } = options;
  const clientQueueArgs = { 'x-message-ttl': options.queueTtlMs, 'x-dead-letter-exchange': DLX_EXCHANGE };
  const exchange = (name: string, type: string) => ({ name, vhost, type, durable: true, auto_delete: false, internal: false, arguments: {} });
  const queue = (name: string, args: object = {}) => ({ name, vhost, durable: true, auto_delete: false, arguments: args });
  const binding = (source: string, destination: string, routingKey: string) =>
    ({ source, vhost, destination, destination_type: 'queue', routing_key: routingKey, arguments: {} });
  const clientQueues = clients.flatMap((id) => CLIENT_QUEUE_TYPES.map((t) => `${id}.${t}`));
  // No password: the hash is empty, as after `rabbitmqctl clear_password`; EXTERNAL logs in by certificate.
  const user = (name: string) => ({ name, password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [], limits: {} });
  return {
    rabbit_version: '3.10.0',
    vhosts: [{ name: vhost }],
    users: [...clients, dispatcher].map(user),
    permissions: [
      ...clients.map((id) => ({
        user: id, vhost,
        configure: '^$',
        write: `^${escapeRegExp(HUB_EXCHANGE)}$`,
        read: `^${escapeRegExp(id)}\\.(?:${CLIENT_QUEUE_TYPES.join('|')})$`,
      })),
      {
        user: dispatcher, vhost,
        configure: '^$',
        write: `^${escapeRegExp(DISTRIBUTION_EXCHANGE)}$`,
        read: `^(?:${escapeRegExp(DISPATCH_QUEUE)}|${escapeRegExp(DLQ_QUEUE)})$`,
      },
    ],
    topic_permissions: clients.map((id) => ({ user: id, vhost, exchange: HUB_EXCHANGE, write: `^${escapeRegExp(id)}$`, read: '^$' })),
    exchanges: [exchange(HUB_EXCHANGE, 'topic'), exchange(DISTRIBUTION_EXCHANGE, 'direct'), exchange(DLX_EXCHANGE, 'fanout')],
    queues: [queue(DISPATCH_QUEUE), queue(DLQ_QUEUE), ...clientQueues.map((q) => queue(q, clientQueueArgs))],
    bindings: [
      binding(HUB_EXCHANGE, DISPATCH_QUEUE, '#'),
      binding(DLX_EXCHANGE, DLQ_QUEUE, ''),
      ...clientQueues.map((q) => binding(DISTRIBUTION_EXCHANGE, q, q)),
    ],
    policies: [],
    parameters: [],
    global_parameters: [],
  };
}

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen({ port, host, exclusive: true }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port free on 127.0.0.1 (and on ::1 when `ipv6`), outside the reserved ones, by binding and releasing. */
async function freePort(ipv6: boolean, taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryListen(0, '127.0.0.1');
    if (port === null || RESERVED_PORTS.has(port) || taken.has(port)) continue;
    if (ipv6 && (await tryListen(port, '::1')) === null) continue;
    taken.add(port);
    return port;
  }
  throw new Error('no free port found for the test RabbitMQ node');
}

function rabbitUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null; // run as ourselves: the node needs no privilege
  try {
    const uid = Number(execFileSync('id', ['-u', 'rabbitmq'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'rabbitmq'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root but there is no `rabbitmq` user to run the test RabbitMQ node as');
  }
}

function chownTree(target: string, owner: { uid: number; gid: number }): void {
  fs.chownSync(target, owner.uid, owner.gid);
  if (fs.statSync(target).isDirectory()) for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), owner);
}

function readOr(file: string, fallback = ''): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function tail(file: string, lines = 40): string {
  return readOr(file, '(no log)').split('\n').slice(-lines).join('\n');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Wrapper run as the node's parent (`sh -c WRAPPER name <rabbitmq-server> <node folder>`): starts
 * rabbitmq-server (which stops the VM gracefully on SIGTERM) and stops it when our stdin, a pipe from the
 * test process, closes: a test process that dies without calling stop() leaves no broker behind (and the
 * wrapper then removes the node's folder itself). Exits with the server.
 */
const WRAPPER = [
  'exec 3<&0',
  '"$1" </dev/null 3<&- &',
  'server=$!',
  '(read _ <&3; kill -TERM $server 2>/dev/null) &',
  'watchdog=$!',
  'wait $server; rc=$?',
  'if kill -0 $watchdog 2>/dev/null; then kill $watchdog 2>/dev/null; elif [ -n "$2" ]; then rm -rf "$2"; fi',
  'exit $rc',
].join('\n');

/** A TLS handshake with a client certificate of the PKI: the listener is ours and its key and certificate work. */
function tlsProbe(port: number, pki: HubPki): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1', port, servername: 'localhost',
      ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.hub.cert), key: fs.readFileSync(pki.hub.key),
    }, () => {
      socket.end();
      resolve();
    });
    socket.once('error', (err) => reject(new Error(`TLS probe of port ${port} failed: ${err.message}`)));
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
  });
}

async function startOnce(options: RabbitNodeOptions, ipv6: boolean): Promise<RabbitNode> {
  const vhost = options.vhost ?? 'sas-test';
  const dispatcher = options.dispatcher ?? HUB_TEST_IDS.hub;
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  if (options.clients.includes(dispatcher)) throw new Error(`${dispatcher} is the dispatcher, not a client`);
  const owner = rabbitUser();
  const name = `sas-test-${randomBytes(6).toString('hex')}`;
  const nodeName = `${name}@localhost`;
  const taken = new Set<number>();
  const port = await freePort(ipv6, taken);
  const distPort = await freePort(false, taken);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  try {
    return await startIn(dir, { ...options, vhost, dispatcher, startTimeoutMs }, { owner, nodeName, port, distPort, ipv6 });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startIn(
  dir: string,
  options: Required<Pick<RabbitNodeOptions, 'vhost' | 'dispatcher' | 'startTimeoutMs'>> & RabbitNodeOptions,
  ids: { owner: { uid: number; gid: number } | null; nodeName: string; port: number; distPort: number; ipv6: boolean },
): Promise<RabbitNode> {
  const { vhost, dispatcher, startTimeoutMs } = options;
  const { owner, nodeName, port, distPort, ipv6 } = ids;
  const sub = (...p: string[]) => path.join(dir, ...p);
  for (const d of ['tls', 'mnesia', 'log', 'home']) fs.mkdirSync(sub(d));
  fs.copyFileSync(options.pki.caCert, sub('tls', 'ca.crt'));
  fs.copyFileSync(options.pki.serverCert, sub('tls', 'server.crt'));
  fs.copyFileSync(options.pki.serverKey, sub('tls', 'server.key'));
  fs.chmodSync(sub('tls', 'server.key'), 0o600); // readable because the node's user owns it (chown below)
  fs.writeFileSync(sub('home', '.erlang.cookie'), randomBytes(20).toString('hex').toUpperCase(), { mode: 0o400 });
  const listeners = [`listeners.ssl.1 = 127.0.0.1:${port}`, ...(ipv6 ? [`listeners.ssl.2 = ::1:${port}`] : [])];
  fs.writeFileSync(sub('rabbitmq.conf'), [
    'listeners.tcp = none',
    ...listeners,
    `ssl_options.cacertfile = ${sub('tls', 'ca.crt')}`,
    `ssl_options.certfile = ${sub('tls', 'server.crt')}`,
    `ssl_options.keyfile = ${sub('tls', 'server.key')}`,
    'ssl_options.verify = verify_peer',
    'ssl_options.fail_if_no_peer_cert = true',
    'ssl_options.versions.1 = tlsv1.3',
    'ssl_options.versions.2 = tlsv1.2',
    'auth_mechanisms.1 = EXTERNAL',
    'ssl_cert_login_from = common_name',
    'log.file.level = info',
    'log.console = false',
    '',
  ].join('\n'));
  fs.writeFileSync(sub('enabled_plugins'), '[rabbitmq_auth_mechanism_ssl].\n');
  fs.writeFileSync(sub('rabbitmq-env.conf'), '# private test node: ignore /etc/rabbitmq/rabbitmq-env.conf\n');
  const definitionsFile = sub('definitions.json');
  fs.writeFileSync(definitionsFile, JSON.stringify(hubDefinitions({
    vhost, clients: options.clients, dispatcher, queueTtlMs: options.queueTtlMs ?? DAY_MS,
  }), null, 2));
  if (owner) chownTree(dir, owner);
  fs.chmodSync(dir, 0o755);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: sub('home'),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_CONF_ENV_FILE: sub('rabbitmq-env.conf'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONFIG_FILE: sub('rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: sub('advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: sub('enabled_plugins'),
    RABBITMQ_MNESIA_BASE: sub('mnesia'),
    RABBITMQ_LOG_BASE: sub('log'),
    RABBITMQ_PID_FILE: sub('pid'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const logFile = sub('log', `${nodeName}.log`);
  const stdoutFile = sub('stdout.log');
  const diagnostics = () => `--- ${logFile} (tail) ---\n${tail(logFile)}\n--- ${stdoutFile} (tail) ---\n${tail(stdoutFile, 20)}`;

  const ctlOnce = (args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; error: string }> =>
    new Promise((resolve) => {
      execFile(path.join(SCRIPTS_DIR, 'rabbitmqctl'), ['-n', nodeName, ...args], {
        env, cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, ...(owner ?? {}),
      }, (err, stdout, stderr) => resolve({ ok: !err, stdout, error: err ? `${err.message}\n${stderr}${stdout}` : '' }));
    });
  const ctl = async (args: string[], timeoutMs = 60_000): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const result = await ctlOnce(args, timeoutMs);
      if (result.ok) return result.stdout;
      // Every CLI run takes a distribution port in 35672-35682; when all are busy (many CLI runs at once on
      // the machine) it fails before reaching the node, so a new run is safe. No event tells when one frees.
      if (!/Distribution failed/.test(result.error) || attempt >= 8) {
        throw new Error(`rabbitmqctl -n ${nodeName} ${args.join(' ')} failed: ${result.error}`);
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  };

  const out = fs.openSync(stdoutFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', WRAPPER, 'rabbitmq-test-node', path.join(SCRIPTS_DIR, 'rabbitmq-server'), dir], {
      env, cwd: dir, stdio: ['pipe', out, out], ...(owner ?? {}),
    });
  } finally {
    fs.closeSync(out);
  }
  // Neither the child nor its stdin keeps the test process alive; when that process exits, the pipe closes
  // and the wrapper stops the node.
  child.unref();
  (child.stdin as net.Socket | null)?.unref();
  child.stdin?.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  let running = true;
  void exited.then(() => { running = false; });

  const kill = async () => {
    if (!running) return;
    try {
      const pid = Number(fs.readFileSync(sub('pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch { /* no pid file yet */ }
    child.stdin?.end(); // the wrapper stops the server if the VM was not up yet
    await withTimeout(exited, 15_000, `exit of RabbitMQ node ${nodeName}`).catch(() => child.kill('SIGKILL'));
  };
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });

  const stop = async () => {
    if (running) {
      try {
        await ctl(['stop', sub('pid')], 60_000);
        await withTimeout(exited, 30_000, `exit of RabbitMQ node ${nodeName}`);
      } catch {
        await kill();
      }
    }
    removeDir();
  };

  try {
    const started = ctl(['wait', sub('pid'), '--timeout', String(Math.ceil(startTimeoutMs / 1000))], startTimeoutMs + 10_000);
    const died = exited.then((code) => { throw new Error(`the node's process exited (code ${code}) during startup`); });
    await withTimeout(Promise.race([started, died]), startTimeoutMs, 'startup');
    // The node's defaults (vhost `/`, user `guest`) go: only the Hub's users exist. A node whose TLS port
    // was taken meanwhile still boots, without that listener: check it is there.
    const [listenersOut] = await Promise.all([
      ctl(['eval', 'rabbit_networking:node_listeners(node()).']),
      ctl(['import_definitions', definitionsFile]),
      ctl(['delete_vhost', '/']),
      ctl(['delete_user', 'guest']),
    ]);
    if (!new RegExp(`'amqp/ssl',\\s*"[^"]*",\\s*\\{127,0,0,1\\},\\s*${port}\\b`).test(listenersOut)) {
      throw new Error(`the TLS listener on 127.0.0.1:${port} is not up`);
    }
    await tlsProbe(port, options.pki);
  } catch (err) {
    const message = `RabbitMQ test node ${nodeName} (TLS port ${port}, distribution port ${distPort}) failed to start: ${(err as Error).message}\n${diagnostics()}`;
    // Another process took a chosen port between our check and the node's bind: worth another try.
    const portTaken = /eaddrinuse|dist_port_already_used/i.test(`${readOr(logFile)}\n${readOr(stdoutFile)}`);
    await kill();
    throw portTaken ? new PortTakenError(message) : new Error(message);
  }

  const node: RabbitNode = {
    url: `amqps://localhost:${port}/${encodeURIComponent(vhost)}`,
    port,
    vhost,
    nodeName,
    dir,
    ctl: (args) => ctl(args),
    stopApp: async () => { await ctl(['stop_app']); },
    startApp: async () => { await ctl(['start_app']); },
    restartApp: async () => {
      await ctl(['stop_app']);
      await ctl(['start_app']);
    },
    queues: async () => {
      const stdout = await ctl(['list_queues', '-p', vhost, '--formatter', 'json', 'name', 'messages']);
      const rows = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; messages: number | string }[];
      return rows.map((r) => ({ name: r.name, messages: Number(r.messages) }));
    },
    stop,
  };
  return node;
}

class PortTakenError extends Error {}

/** Starts a private node (7–8 s on these machines); retries with other ports if a chosen port was taken meanwhile. */
export async function startRabbitNode(options: RabbitNodeOptions): Promise<RabbitNode> {
  const ipv6 = (await tryListen(0, '::1')) !== null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, ipv6);
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt >= 3) throw err;
    }
  }
}
