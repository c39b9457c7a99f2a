// Certificate names as RFC 4514 strings: the form that cannot be forged by a value containing ", CN=".
import { createHash, X509Certificate } from 'node:crypto';
import { bytes, children, contents, type DerNode, expectTag, oid, readNode, TAG } from './der';

/**
 * Short names RFC 4514 lists (§3), plus the LDAP-registered ones certificates commonly carry (RFC 4519).
 * Any other type is written as its dotted OID with the value in hexadecimal, as RFC 4514 requires.
 */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.12': 'title',
  '2.5.4.42': 'givenName',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
};

/** Decodes the string types a DirectoryString (or a country, an e-mail) may use; null for anything else. */
function decodeString(buf: Buffer, node: DerNode): string | null {
  const c = contents(buf, node);
  switch (node.tag) {
    case 0x0c: // UTF8String
      return c.toString('utf8');
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return c.toString('latin1');
    case 0x14: // TeletexString: in practice Latin-1
      return c.toString('latin1');
    case 0x1e: {
      // BMPString: UTF-16 big-endian
      const swapped = Buffer.from(c);
      if (swapped.length % 2) return null;
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case 0x1c: {
      // UniversalString: UTF-32 big-endian
      if (c.length % 4) return null;
      let s = '';
      for (let i = 0; i < c.length; i += 4) s += String.fromCodePoint(c.readUInt32BE(i));
      return s;
    }
    default:
      return null;
  }
}

/** Escapes an attribute value per RFC 4514 §2.4; control characters as \XX too, so a name never breaks a log line. */
export function escapeValue(value: string): string {
  let out = '';
  const chars = Array.from(value);
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === chars.length - 1 && ch === ' ')) out += `\\${ch}`;
    else out += ch;
  });
  return out;
}

/** A DER-encoded Name (SEQUENCE OF RDN) as an RFC 4514 string: most specific RDN first. */
export function nameToRfc4514(buf: Buffer, name: DerNode): string {
  expectTag(name, TAG.SEQUENCE, 'Name attendu');
  const rdns = children(buf, name).map((rdn) => {
    expectTag(rdn, TAG.SET, 'RDN attendu');
    return children(buf, rdn)
      .map((atv) => {
        const [type, value] = children(buf, expectTag(atv, TAG.SEQUENCE, 'attribut attendu'));
        if (!type || !value) throw new Error('structure DER invalide (attribut incomplet)');
        const id = oid(buf, type);
        const short = SHORT_NAMES[id];
        const text = short ? decodeString(buf, value) : null;
        if (short && text !== null) return `${short}=${escapeValue(text)}`;
        return `${short ?? id}=#${bytes(buf, value).toString('hex')}`;
      })
      .join('+');
  });
  return rdns.reverse().join(',');
}

/** The parts of a DER certificate this module needs. */
export function certificateParts(der: Buffer): { tbs: DerNode; issuer: DerNode; subject: DerNode } {
  const cert = expectTag(readNode(der, 0), TAG.SEQUENCE, 'certificat attendu');
  const tbs = expectTag(children(der, cert)[0], TAG.SEQUENCE, 'TBSCertificate attendu');
  const fields = children(der, tbs);
  // version is an optional explicit [0]
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = expectTag(fields[offset + 2], TAG.SEQUENCE, 'émetteur attendu');
  const subject = expectTag(fields[offset + 4], TAG.SEQUENCE, 'sujet attendu');
  return { tbs, issuer, subject };
}

function derOf(cert: Buffer | X509Certificate): Buffer {
  return cert instanceof X509Certificate ? cert.raw : cert;
}

/** Subject and issuer of a certificate (DER or X509Certificate) in RFC 4514 form. */
export function rfc4514(cert: Buffer | X509Certificate): { subject: string; issuer: string } {
  const der = derOf(cert);
  const { issuer, subject } = certificateParts(der);
  return { subject: nameToRfc4514(der, subject), issuer: nameToRfc4514(der, issuer) };
}

export interface CertificateIdentity {
  subject: string;
  issuer: string;
  /** SHA-256 of the DER certificate, lowercase hex without colons. */
  fingerprint256: string;
}

/** Who a client certificate (DER) says it is, and the fingerprint that pins it. */
export function certificateIdentity(raw: Buffer): CertificateIdentity {
  return { ...rfc4514(raw), fingerprint256: createHash('sha256').update(raw).digest('hex') };
}
