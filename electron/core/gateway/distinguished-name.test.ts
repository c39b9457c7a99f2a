import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { readNode } from './der';
import { certificateIdentity, escapeValue, nameToRfc4514, rfc4514 } from './distinguished-name';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

const der = (file: string) => new X509Certificate(fs.readFileSync(file)).raw;

// DER builders for names no CLI would produce.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
function oidDer(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const septets = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) septets.unshift((v & 0x7f) | 0x80);
    out.push(...septets);
  }
  return tlv(0x06, Buffer.from(out));
}
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const atv = (type: string, value: Buffer) => tlv(0x30, Buffer.concat([oidDer(type), value]));
const rdn = (...atvs: Buffer[]) => tlv(0x31, Buffer.concat(atvs));
const name = (...rdns: Buffer[]) => tlv(0x30, Buffer.concat(rdns));
const CN = '2.5.4.3';
const O = '2.5.4.10';
const C = '2.5.4.6';
const OU = '2.5.4.11';
const asString = (buf: Buffer) => nameToRfc4514(buf, readNode(buf, 0));

describe('rfc4514', () => {
  it('writes the most specific RDN first, with the RFC short names', () => {
    expect(rfc4514(der(pki.clientCert))).toEqual({ subject: 'CN=lga.editeur-test.fr,O=Editeur Test', issuer: 'CN=Test SAS CA,O=Test SAS' });
    expect(rfc4514(der(pki.betaClientCert)).subject).toBe('CN=lga.editeur-beta.fr,O=Editeur Beta');
    expect(asString(name(rdn(atv(C, tlv(0x13, Buffer.from('FR')))), rdn(atv(O, utf8('ANS'))), rdn(atv(OU, utf8('IGC Santé'))), rdn(atv(CN, utf8('x')))))).toBe(
      'CN=x,OU=IGC Santé,O=ANS,C=FR',
    );
  });

  it('escapes a comma so that a value containing ", CN=forged" stays one value', () => {
    const { subject } = rfc4514(der(pki.commaClientCert));
    expect(subject).toBe('CN=lga.editeur-alpha.fr,O=Editeur Alpha\\, CN=forged');
    // Split on unescaped commas: two RDNs, and the only CN is the real one.
    const rdns = subject.split(/(?<!\\),/);
    expect(rdns).toEqual(['CN=lga.editeur-alpha.fr', 'O=Editeur Alpha\\, CN=forged']);
    expect(rdns.filter((r) => r.startsWith('CN='))).toEqual(['CN=lga.editeur-alpha.fr']);
  });

  it('agrees with OpenSSL’s RFC 2253 printing on the test certificates', () => {
    for (const file of [pki.clientCert, pki.commaClientCert, pki.expiredClientCert, pki.untrustedClientCert, pki.serverCert]) {
      const openssl = (what: string) =>
        execFileSync('openssl', ['x509', '-in', file, '-noout', `-${what}`, '-nameopt', 'RFC2253'], { encoding: 'utf8' }).trim().replace(/^\w+=/, '');
      expect(rfc4514(der(file))).toEqual({ subject: openssl('subject'), issuer: openssl('issuer') });
    }
  });

  it('escapes the special characters, leading "#" or space and trailing space', () => {
    expect(escapeValue('a,b+c"d\\e<f>g;h')).toBe('a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h');
    expect(escapeValue('#tag')).toBe('\\#tag');
    expect(escapeValue('mid#dle')).toBe('mid#dle');
    expect(escapeValue(' padded ')).toBe('\\ padded\\ ');
    expect(escapeValue('in side')).toBe('in side');
    expect(escapeValue('line\nbreak\u0000')).toBe('line\\0Abreak\\00');
    expect(escapeValue('Hôpital Saint-Éloi')).toBe('Hôpital Saint-Éloi');
    expect(asString(name(rdn(atv(CN, utf8(' #x, y ')))))).toBe('CN=\\ #x\\, y\\ ');
  });

  it('joins a multi-valued RDN with "+" and writes unknown types as OID=#hex', () => {
    const email = atv('1.2.840.113549.1.9.1', tlv(0x16, Buffer.from('a@b.fr')));
    expect(asString(name(rdn(atv(O, utf8('Editeur'))), rdn(atv(CN, utf8('svc')), email)))).toBe('CN=svc+1.2.840.113549.1.9.1=#16066140622e6672,O=Editeur');
  });

  it('decodes BMPString values', () => {
    const bmp = Buffer.from('Élan', 'utf16le').swap16();
    expect(asString(name(rdn(atv(O, tlv(0x1e, bmp)))))).toBe('O=Élan');
  });

  it('takes an X509Certificate as well as DER', () => {
    const x = new X509Certificate(fs.readFileSync(pki.clientCert));
    expect(rfc4514(x)).toEqual(rfc4514(x.raw));
  });

  it('refuses bytes that are not a certificate', () => {
    expect(() => rfc4514(Buffer.from('not a certificate'))).toThrow(/DER/);
  });
});

describe('certificateIdentity', () => {
  it('gives subject, issuer and the SHA-256 fingerprint in lowercase hex without colons', () => {
    const x = new X509Certificate(fs.readFileSync(pki.commaClientCert));
    expect(certificateIdentity(x.raw)).toEqual({
      subject: 'CN=lga.editeur-alpha.fr,O=Editeur Alpha\\, CN=forged',
      issuer: 'CN=Test SAS CA,O=Test SAS',
      fingerprint256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    });
    expect(certificateIdentity(x.raw).fingerprint256).toMatch(/^[0-9a-f]{64}$/);
  });
});
