import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, makeCrl, type TestPki } from '../../../testing/pki';
import { probe, request } from '../../../testing/tls-client';
import { certificateIdentity } from './distinguished-name';
import { listen, type Listener, type ListenOptions, refusalReason, type TlsRefusal } from './gateway-listener';

let pki: TestPki;
let gw: Listener;
const refusals: TlsRefusal[] = [];

/** Answers with the identity the gateway reads from the connection's certificate. */
const whoAmI: Parameters<typeof listen>[1] = (req, res) => {
  const raw = (req.socket as TLSSocket).getPeerX509Certificate()?.raw;
  if (req.url?.endsWith('/boom')) throw new Error('panne du gestionnaire');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(raw ? certificateIdentity(raw) : null));
};

function tlsOptions(extra: Partial<NonNullable<ListenOptions['tls']>> = {}): NonNullable<ListenOptions['tls']> {
  return { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert, ...extra };
}

beforeAll(async () => {
  pki = createTestPki();
  gw = await listen(
    { host: '127.0.0.1', port: 0, tls: tlsOptions({ crlFiles: [pki.caCrl] }), limits: { handshakeTimeoutS: 0.5 }, onTlsRefused: (e) => refusals.push(e) },
    whoAmI,
  );
});
afterAll(async () => {
  await gw.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

const id = (cert?: string, key?: string) => ({ ca: pki.caCert, cert, key });
const fingerprint = (file: string) => certificateIdentity(new X509Certificate(fs.readFileSync(file)).raw).fingerprint256;

async function reported(attempt: { localPort: number | null }): Promise<TlsRefusal> {
  await expect.poll(() => refusals.find((r) => r.peerPort === attempt.localPort)).toBeDefined();
  return refusals.find((r) => r.peerPort === attempt.localPort)!;
}

describe('refused handshakes are reported with what the client presented', () => {
  it('lets a trusted, valid, unrevoked editor in, and reports nothing about it', async () => {
    const before = refusals.length;
    const r = await request(`${gw.url}/metadata`, id(pki.clientCert, pki.clientKey));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ subject: 'CN=lga.editeur-test.fr,O=Editeur Test', issuer: 'CN=Test SAS CA,O=Test SAS', fingerprint256: fingerprint(pki.clientCert) });
    expect(refusals.length).toBe(before);
  });

  it('reads an organisation containing ", CN=forged" as one escaped value', async () => {
    const r = await request(`${gw.url}/metadata`, id(pki.commaClientCert, pki.commaClientKey));
    expect(JSON.parse(r.body).subject).toBe('CN=lga.editeur-alpha.fr,O=Editeur Alpha\\, CN=forged');
  });

  it.each([
    ['from an untrusted CA', 'untrustedClient', 'untrusted', /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/, 'CN=intrus.example,O=Intrus', 'CN=Rogue CA,O=Rogue'],
    ['expired', 'expiredClient', 'expired', /^CERT_HAS_EXPIRED$/, 'CN=lga.editeur-expire.fr,O=Editeur Expire', 'CN=Test SAS CA,O=Test SAS'],
    ['revoked in the CRL', 'revokedClient', 'revoked', /^CERT_REVOKED$/, 'CN=lga.editeur-revoque.fr,O=Editeur Revoque', 'CN=Test SAS CA,O=Test SAS'],
  ] as const)('refuses a certificate %s in the handshake and reports it', async (_label, who, code, reason, subject, issuer) => {
    const cert = pki[`${who}Cert`];
    const attempt = await probe(gw.url, id(cert, pki[`${who}Key`]));
    expect(attempt.status).toBeNull();
    const r = await reported(attempt);
    expect(r).toMatchObject({ code, subject, issuer, fingerprint256: fingerprint(cert), peerAddress: '127.0.0.1' });
    expect(r.reason).toMatch(reason);
    expect(r.atUtc).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a client without a certificate and reports it', async () => {
    const attempt = await probe(gw.url, id());
    expect(attempt.status).toBeNull();
    expect(await reported(attempt)).toMatchObject({ code: 'no-certificate', reason: 'PEER_DID_NOT_RETURN_A_CERTIFICATE', subject: null, issuer: null, fingerprint256: null });
  });

  it('requires a certificate even when Node calls the connection authorized (resumed TLS 1.3 session without one)', () => {
    // What a TLS 1.3 session resumed from a no-certificate handshake looks like to the server.
    const resumedWithoutCertificate = { authorized: true, authorizationError: null as unknown as Error, getPeerX509Certificate: () => undefined };
    expect(refusalReason(resumedWithoutCertificate)).toBe('PEER_DID_NOT_RETURN_A_CERTIFICATE');
  });

  it('reports a client that never finishes its handshake once the handshake delay is over', async () => {
    const port = Number(new URL(gw.url).port);
    const localPort = await new Promise<number>((resolve) => {
      // The first bytes of a ClientHello, and then nothing.
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        const mine = s.localPort!;
        s.write(Buffer.from([0x16, 0x03, 0x01]));
        s.on('close', () => resolve(mine));
      });
      s.on('error', () => {});
    });
    expect(await reported({ localPort })).toMatchObject({ code: 'timeout', reason: 'HANDSHAKE_TIMEOUT', subject: null });
  });

  it('reports a client that hangs up in the middle of its handshake, with its address', async () => {
    const port = Number(new URL(gw.url).port);
    const localPort = await new Promise<number>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        const mine = s.localPort!;
        s.write(Buffer.from([0x16, 0x03, 0x01]), () => s.destroy());
        s.on('close', () => resolve(mine));
      });
      s.on('error', () => {});
    });
    expect(await reported({ localPort })).toMatchObject({ code: 'other', reason: 'ECONNRESET', peerAddress: '127.0.0.1', subject: null });
  });

  it('does not take a port check (connect, then leave without a byte) for a handshake', async () => {
    const before = gw.stats().refusedHandshakes;
    const port = Number(new URL(gw.url).port);
    await new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => s.destroy());
      s.on('close', () => resolve());
    });
    // A refused handshake after it is reported, so the check's own report would have come first.
    const attempt = await probe(gw.url, id());
    await reported(attempt);
    expect(gw.stats().refusedHandshakes).toBe(before + 1);
  });

  it('counts refused handshakes and open connections', () => {
    const stats = gw.stats();
    expect(stats.refusedHandshakes).toBe(refusals.length);
    expect(stats.refusedConnections).toBe(0);
    expect(stats.connections).toBeGreaterThanOrEqual(0);
  });
});

describe('listener robustness', () => {
  it('survives a reporting hook that throws, and a handler that fails costs one request', async () => {
    const g = await listen(
      { host: '127.0.0.1', port: 0, tls: tlsOptions(), onTlsRefused: () => { throw new Error('hook en panne'); } },
      whoAmI,
    );
    try {
      expect((await probe(g.url, id(pki.untrustedClientCert, pki.untrustedClientKey))).status).toBeNull();
      expect((await request(`${g.url}/boom`, id(pki.clientCert, pki.clientKey))).status).toBe(500);
      expect((await request(`${g.url}/metadata`, id(pki.clientCert, pki.clientKey))).status).toBe(200);
      expect(g.stats().refusedHandshakes).toBe(1);
    } finally {
      await g.close();
    }
  });

  it('without CRLs, a revoked certificate is not known as such', async () => {
    const g = await listen({ host: '127.0.0.1', port: 0, tls: tlsOptions() }, whoAmI);
    try {
      expect((await request(`${g.url}/metadata`, id(pki.revokedClientCert, pki.revokedClientKey))).status).toBe(200);
    } finally {
      await g.close();
    }
  });
});

describe('listen() refuses a bad configuration with a French message naming what is wrong', () => {
  const start = (tlsPart: Partial<NonNullable<ListenOptions['tls']>>, extra: Partial<ListenOptions> = {}) =>
    listen({ host: '127.0.0.1', port: 0, tls: tlsOptions(tlsPart), ...extra }, whoAmI).then((g) => g.close());

  it('names the trusted CA that has no CRL', async () => {
    const bundle = path.join(pki.dir, 'two-cas.pem');
    fs.writeFileSync(bundle, fs.readFileSync(pki.caCert, 'utf8') + fs.readFileSync(pki.rogueCaCert, 'utf8'));
    await expect(start({ clientCaFile: bundle, crlFiles: [pki.caCrl] })).rejects.toThrow(/Aucune CRL pour l'AC « CN=Rogue CA,O=Rogue »/);
    await start({ clientCaFile: bundle, crlFiles: [pki.caCrl, pki.rogueCaCrl] });
  });

  it('names an unreadable CRL file, and one without a CRL', async () => {
    const missing = path.join(pki.dir, 'absente.crl.pem');
    await expect(start({ crlFiles: [missing] })).rejects.toThrow(new RegExp(`CRL « ${missing} » illisible`));
    await expect(start({ crlFiles: [pki.caCert] })).rejects.toThrow(/ne contient aucune CRL PEM/);
  });

  it('refuses a CRL that bears the CA’s name but another key’s signature', async () => {
    // The rogue CA signs a CRL under the trusted CA's name.
    const forged = makeCrl(pki, { ca: 'rogue-ca', name: 'forged', issuerName: '/O=Test SAS/CN=Test SAS CA' });
    await expect(start({ crlFiles: [forged] })).rejects.toThrow(/n'est pas signée par elle/);
  });

  it('refuses an expired CRL', async () => {
    const stale = makeCrl(pki, { ca: 'ca', name: 'stale', expired: true });
    await expect(start({ crlFiles: [stale] })).rejects.toThrow(/a expiré le/);
  });

  it('names a missing certificate or key file', async () => {
    await expect(start({ certFile: path.join(pki.dir, 'nope.crt') })).rejects.toThrow(/Certificat du serveur « .*nope\.crt » illisible/);
    await expect(start({ keyFile: pki.clientKey })).rejects.toThrow(/Configuration TLS refusée/);
  });

  it('names an address already in use', async () => {
    const g = await listen({ host: '127.0.0.1', port: 0, tls: tlsOptions() }, whoAmI);
    try {
      const port = Number(new URL(g.url).port);
      await expect(listen({ host: '127.0.0.1', port, tls: tlsOptions() }, whoAmI)).rejects.toThrow(`L'adresse 127.0.0.1:${port} est déjà utilisée`);
    } finally {
      await g.close();
    }
  });
});
