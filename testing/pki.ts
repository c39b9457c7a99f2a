// Generates a throw-away PKI for tests with the openssl CLI: a CA, a server certificate for 127.0.0.1,
// a client certificate from the same CA, and a client from another CA that must be refused.
import { execFileSync } from 'node:child_process';
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
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

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

export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-pki-'));
  makeCa(dir, 'ca', '/O=Test SAS/CN=Test SAS CA');
  makeCa(dir, 'rogue-ca', '/O=Rogue/CN=Rogue CA');
  issue(dir, 'server', '/O=Test SAS/CN=127.0.0.1', 'ca',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const clientExt = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  issue(dir, 'client', '/O=Editeur Test/CN=lga.editeur-test.fr', 'ca', clientExt);
  issue(dir, 'untrusted', '/O=Intrus/CN=intrus.example', 'rogue-ca', clientExt);
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
