import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, makeCrl, type TestPki } from '../../../testing/pki';
import { loadCrls, readCaBundle } from './revocation';

let pki: TestPki;
let bundle: string;
beforeAll(() => {
  pki = createTestPki();
  bundle = path.join(pki.dir, 'both-cas.pem');
  fs.writeFileSync(bundle, fs.readFileSync(pki.caCert, 'utf8') + fs.readFileSync(pki.rogueCaCert, 'utf8'));
});
afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('loadCrls', () => {
  it('returns every CRL (PEM) once each CA of the bundle has its own, whatever the order of the files', () => {
    const crls = loadCrls([pki.rogueCaCrl, pki.caCrl], bundle);
    expect(crls).toHaveLength(2);
    for (const pem of crls) expect(pem).toMatch(/^-----BEGIN X509 CRL-----[\s\S]+-----END X509 CRL-----$/);
  });

  it('reads several CRLs from one file', () => {
    const joined = path.join(pki.dir, 'joined.crl.pem');
    fs.writeFileSync(joined, fs.readFileSync(pki.caCrl, 'utf8') + fs.readFileSync(pki.rogueCaCrl, 'utf8'));
    expect(loadCrls([joined], bundle)).toHaveLength(2);
  });

  it('names the CA left without a CRL', () => {
    expect(() => loadCrls([pki.caCrl], bundle)).toThrow(/Aucune CRL pour l'AC « CN=Rogue CA,O=Rogue »/);
    expect(() => loadCrls([pki.rogueCaCrl], bundle)).toThrow(/Aucune CRL pour l'AC « CN=Test SAS CA,O=Test SAS »/);
  });

  it('accepts an expired CRL beside a current one of the same CA, not alone', () => {
    const stale = makeCrl(pki, { ca: 'ca', name: 'stale-beside', expired: true });
    expect(loadCrls([stale, pki.caCrl], pki.caCert)).toHaveLength(2);
    expect(() => loadCrls([stale], pki.caCert)).toThrow(/La CRL de l'AC « CN=Test SAS CA,O=Test SAS » .* a expiré le/);
  });

  it('judges expiry against the given time', () => {
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    expect(() => loadCrls([pki.caCrl], pki.caCert, inThreeDays)).toThrow(/a expiré le/);
  });
});

describe('readCaBundle', () => {
  it('reads every certificate of a bundle, and refuses a file without any', () => {
    expect(readCaBundle(bundle).map((c) => c.subject.replace(/\n/g, ','))).toEqual(['O=Test SAS,CN=Test SAS CA', 'O=Rogue,CN=Rogue CA']);
    expect(() => readCaBundle(pki.caCrl)).toThrow(`Le fichier des AC clientes « ${pki.caCrl} » ne contient aucun certificat PEM.`);
  });
});
