// A throw-away PKI for tests against a private "Hub Santé" broker (testing/rabbitmq-node.ts), made with the
// openssl CLI in a temp folder: a CA, the broker's server certificate (localhost / 127.0.0.1), client
// certificates whose CN is the Hub client id (the broker maps the CN to the user, SASL EXTERNAL), and a
// client from another CA that the broker must refuse.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Client ids of the test Hub (outside PROD the SAS platform is `fr.health.test.ptfsas`, hub-sante.md §1.3). */
export const HUB_TEST_IDS = {
  /** The SAS platform (the product). */
  sas: 'fr.health.test.ptfsas',
  /** Two LRMs (SAMU dispatch software). */
  samu330: 'fr.health.test.samu330',
  samu075: 'fr.health.test.samu075',
  /** The test dispatcher (plays the Hub's dispatcher: reads `dispatch`, writes `distribution`). */
  hub: 'fr.health.test.hub',
} as const;

export interface HubClientFiles {
  /** The Hub client id, also the certificate's CN and the broker's user name. */
  id: string;
  cert: string;
  key: string;
}

export interface HubPki {
  dir: string;
  caCert: string;
  caKey: string;
  /** Broker certificate: CN=localhost, SAN DNS:localhost, IP:127.0.0.1. */
  serverCert: string;
  serverKey: string;
  /** The SAS platform, also as a PKCS#12 identity (`p12` + `passphrase`), as the product accepts. */
  sas: HubClientFiles & { p12: string; passphrase: string };
  samu330: HubClientFiles;
  samu075: HubClientFiles;
  hub: HubClientFiles;
  /**
   * Issued by `rogueCaCert`, never trusted by the broker. Its CN is the SAS platform's id, so a refusal
   * proves the broker checks the chain and not merely that the user exists.
   */
  rogue: HubClientFiles;
  rogueCaCert: string;
}

const CLIENT_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
const SERVER_EXT =
  'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2',
    '-subj', subject, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

function issue(dir: string, name: string, subject: string, ca: string, ext: string): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`,
    '-days', '2', '-sha256', '-extfile', `${name}.ext`], dir);
}

/**
 * Issues one more client certificate from the PKI's CA (or from the rogue CA), CN = `id`, e.g. for an
 * extra LRM. Files are `<file>.crt` / `<file>.key` in the PKI folder (`file` defaults to `id`).
 */
export function issueHubClient(pki: Pick<HubPki, 'dir'>, id: string, options: { file?: string; rogue?: boolean } = {}): HubClientFiles {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new Error(`unexpected client id for a test certificate: ${id}`);
  const file = options.file ?? id;
  issue(pki.dir, file, `/O=Test Hub Sante/CN=${id}`, options.rogue ? 'rogue-ca' : 'ca', CLIENT_EXT);
  return { id, cert: path.join(pki.dir, `${file}.crt`), key: path.join(pki.dir, `${file}.key`) };
}

export function createHubPki(): HubPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-hub-pki-'));
  try {
    makeCa(dir, 'ca', '/O=Test Hub Sante/CN=Test Hub Sante CA');
    makeCa(dir, 'rogue-ca', '/O=Rogue/CN=Rogue CA');
    issue(dir, 'server', '/O=Test Hub Sante/CN=localhost', 'ca', SERVER_EXT);
    const sas = issueHubClient({ dir }, HUB_TEST_IDS.sas);
    const passphrase = randomBytes(12).toString('hex');
    const p12 = path.join(dir, `${HUB_TEST_IDS.sas}.p12`);
    // Default PKCS#12 algorithms of OpenSSL 3 (AES-256-CBC, PBKDF2), which Node's TLS reads.
    openssl(['pkcs12', '-export', '-in', sas.cert, '-inkey', sas.key, '-certfile', 'ca.crt', '-name', HUB_TEST_IDS.sas,
      '-out', p12, '-passout', `pass:${passphrase}`], dir);
    return {
      dir,
      caCert: path.join(dir, 'ca.crt'),
      caKey: path.join(dir, 'ca.key'),
      serverCert: path.join(dir, 'server.crt'),
      serverKey: path.join(dir, 'server.key'),
      sas: { ...sas, p12, passphrase },
      samu330: issueHubClient({ dir }, HUB_TEST_IDS.samu330),
      samu075: issueHubClient({ dir }, HUB_TEST_IDS.samu075),
      hub: issueHubClient({ dir }, HUB_TEST_IDS.hub),
      rogue: issueHubClient({ dir }, HUB_TEST_IDS.sas, { file: 'rogue', rogue: true }),
      rogueCaCert: path.join(dir, 'rogue-ca.crt'),
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Removes the PKI's folder. */
export function removeHubPki(pki: Pick<HubPki, 'dir'>): void {
  fs.rmSync(pki.dir, { recursive: true, force: true });
}
