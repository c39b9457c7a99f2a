// Generates a throw-away PKI for tests with the openssl CLI: a CA, a server certificate for 127.0.0.1,
// client certificates from the same CA (valid, expired, revoked, other editors), a client from another CA
// that must be refused, and CRLs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  untrustedClientCert: string;
  untrustedClientKey: string;
  caKey: string;
  /** The CA of `untrusted*`, never trusted by the gateway unless a test bundles it on purpose. */
  rogueCaCert: string;
  /** Another editor: `/O=Editeur Beta/CN=lga.editeur-beta.fr`, issued by the trusted CA. */
  betaClientCert: string;
  betaClientKey: string;
  /** An organisation name that looks like an extra RDN once naively printed: `O=Editeur Alpha\, CN=forged`. */
  commaClientCert: string;
  commaClientKey: string;
  /** Issued by the trusted CA, valid from ten days ago to yesterday. */
  expiredClientCert: string;
  expiredClientKey: string;
  /** Issued by the trusted CA and revoked in `caCrl`. */
  revokedClientCert: string;
  revokedClientKey: string;
  /** CRL (PEM) of the trusted CA revoking `revokedClientCert`. */
  caCrl: string;
  /** CRL (PEM) of the rogue CA, revoking nothing. */
  rogueCaCrl: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

const CLIENT_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';

function issue(dir: string, name: string, subject: string, ca: string, ext: string): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`,
    '-days', '2', '-sha256', '-extfile', `${name}.ext`], dir);
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2',
    '-subj', subject, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

/**
 * `openssl ca` needs a database and a config; each use gets its own so CRLs list only what the caller
 * revoked. Serials start at a random value, like those of `x509 -CAcreateserial`, so they never collide.
 */
function caConfig(dir: string, ca: string, db: string): string {
  const dbDir = path.join(dir, db);
  fs.mkdirSync(dbDir, { recursive: true });
  fs.writeFileSync(path.join(dbDir, 'index.txt'), '');
  fs.writeFileSync(path.join(dbDir, 'crlnumber'), '01\n');
  const serial = path.join(dbDir, 'serial');
  const start = randomBytes(16);
  start[0] = (start[0] & 0x7f) | 0x10; // positive, and no leading zero byte for DER
  fs.writeFileSync(serial, `${start.toString('hex')}\n`);
  const config = path.join(dbDir, 'ca.cnf');
  fs.writeFileSync(
    config,
    [
      '[ ca ]',
      'default_ca = test_ca',
      '[ test_ca ]',
      `database = ${path.join(dbDir, 'index.txt')}`,
      `new_certs_dir = ${dbDir}`,
      `serial = ${serial}`,
      `crlnumber = ${path.join(dbDir, 'crlnumber')}`,
      `certificate = ${path.join(dir, `${ca}.crt`)}`,
      `private_key = ${path.join(dir, `${ca}.key`)}`,
      'default_md = sha256',
      'default_crl_days = 2',
      'unique_subject = no',
      'policy = policy_any',
      '[ policy_any ]',
      'organizationName = optional',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  return config;
}

let dbCount = 0;

/** A client certificate from `ca` valid only between two dates (`openssl ca` can backdate, `x509` cannot). */
function issueDated(dir: string, name: string, subject: string, ca: string, notBefore: Date, notAfter: Date): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), CLIENT_EXT);
  const config = caConfig(dir, ca, `db-${name}-${dbCount++}`);
  openssl(['ca', '-batch', '-notext', '-preserveDN', '-config', config, '-in', `${name}.csr`, '-out', `${name}.crt`,
    '-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter), '-extfile', `${name}.ext`], dir);
}

function asn1Time(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * Writes a CRL (PEM) signed by `ca` (a CA of this PKI: 'ca' or 'rogue-ca') revoking the given certificate
 * files, and returns its path. `expired`: its next update was yesterday. `issuerName`: the CRL claims this
 * issuer (an openssl -subj) while `ca`'s key signs it, as a forger would.
 */
export function makeCrl(
  pki: Pick<TestPki, 'dir'>,
  options: { ca?: 'ca' | 'rogue-ca'; revoke?: string[]; name?: string; expired?: boolean; issuerName?: string } = {},
): string {
  const ca = options.ca ?? 'ca';
  const name = options.name ?? `${ca}-${dbCount}`;
  const config = caConfig(pki.dir, ca, `db-crl-${name}-${dbCount++}`);
  for (const cert of options.revoke ?? []) openssl(['ca', '-batch', '-config', config, '-revoke', cert, '-crl_reason', 'keyCompromise'], pki.dir);
  const out = path.join(pki.dir, `${name}.crl.pem`);
  const args = ['ca', '-batch', '-config', config, '-gencrl', '-out', out];
  if (options.issuerName) {
    const impostor = `${name}-impostor.crt`;
    openssl(['req', '-x509', '-new', '-key', `${ca}.key`, '-out', impostor, '-days', '2', '-subj', options.issuerName,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], pki.dir);
    args.push('-cert', impostor);
  }
  if (options.expired) {
    const day = 86_400_000;
    args.push('-crl_lastupdate', asn1Time(new Date(Date.now() - 3 * day)), '-crl_nextupdate', asn1Time(new Date(Date.now() - day)));
  }
  openssl(args, pki.dir);
  return out;
}

export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-pki-'));
  makeCa(dir, 'ca', '/O=Test SAS/CN=Test SAS CA');
  makeCa(dir, 'rogue-ca', '/O=Rogue/CN=Rogue CA');
  issue(dir, 'server', '/O=Test SAS/CN=127.0.0.1', 'ca',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
  issue(dir, 'client', '/O=Editeur Test/CN=lga.editeur-test.fr', 'ca', CLIENT_EXT);
  issue(dir, 'untrusted', '/O=Intrus/CN=intrus.example', 'rogue-ca', CLIENT_EXT);
  issue(dir, 'beta', '/O=Editeur Beta/CN=lga.editeur-beta.fr', 'ca', CLIENT_EXT);
  // In -subj only '/' and '+' separate: the comma stays inside the O value.
  issue(dir, 'comma', '/O=Editeur Alpha, CN=forged/CN=lga.editeur-alpha.fr', 'ca', CLIENT_EXT);
  issue(dir, 'revoked', '/O=Editeur Revoque/CN=lga.editeur-revoque.fr', 'ca', CLIENT_EXT);
  const day = 86_400_000;
  issueDated(dir, 'expired', '/O=Editeur Expire/CN=lga.editeur-expire.fr', 'ca', new Date(Date.now() - 10 * day), new Date(Date.now() - day));
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    untrustedClientCert: p('untrusted.crt'),
    untrustedClientKey: p('untrusted.key'),
    caKey: p('ca.key'),
    rogueCaCert: p('rogue-ca.crt'),
    betaClientCert: p('beta.crt'),
    betaClientKey: p('beta.key'),
    commaClientCert: p('comma.crt'),
    commaClientKey: p('comma.key'),
    expiredClientCert: p('expired.crt'),
    expiredClientKey: p('expired.key'),
    revokedClientCert: p('revoked.crt'),
    revokedClientKey: p('revoked.key'),
    caCrl: makeCrl({ dir }, { ca: 'ca', revoke: [p('revoked.crt')], name: 'ca' }),
    rogueCaCrl: makeCrl({ dir }, { ca: 'rogue-ca', name: 'rogue-ca' }),
  };
}

/** A self-signed certificate that expired yesterday, with its key (PEM), to test the expiry block. */
export async function expiredCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const forge = (await import('node-forge')).default;
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 10 * 86_400_000);
  cert.validity.notAfter = new Date(Date.now() - 86_400_000);
  const attrs = [{ name: 'commonName', value: 'expire.editeur-test.fr' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}
