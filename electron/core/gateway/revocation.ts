// CRLs for the gateway's client CAs. Given a `crl` option, Node has OpenSSL check revocation for the whole
// chain (X509_V_FLAG_CRL_CHECK | CRL_CHECK_ALL): a CA without its own CRL makes every certificate it
// issued fail with UNABLE_TO_GET_CRL. So that is checked when the gateway starts, not found by editors.
import { verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { bytes, children, contents, expectTag, oid, readNode, TAG, time } from './der';
import { certificateParts, nameToRfc4514 } from './distinguished-name';

interface Crl {
  file: string;
  pem: string;
  issuer: string;
  nextUpdate: Date | null;
  tbs: Buffer;
  algorithm: string;
  signature: Buffer;
}

function pemBlocks(text: string, label: string): string[] {
  return text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g')) ?? [];
}

function derOfPem(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Names compare the way OpenSSL canonicalises them: case and runs of spaces do not matter. */
function canonical(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ');
}

function parseCrl(file: string, pem: string): Crl {
  const der = derOfPem(pem);
  const list = expectTag(readNode(der, 0), TAG.SEQUENCE, 'CertificateList attendu');
  const [tbsNode, algNode, sigNode] = children(der, list);
  const fields = children(der, expectTag(tbsNode, TAG.SEQUENCE, 'TBSCertList attendu'));
  // version is an optional INTEGER
  const offset = fields[0]?.tag === TAG.INTEGER ? 1 : 0;
  const issuer = fields[offset + 1];
  const next = fields[offset + 3];
  const signature = contents(der, expectTag(sigNode, TAG.BIT_STRING, 'signature attendue'));
  return {
    file,
    pem,
    issuer: nameToRfc4514(der, issuer),
    nextUpdate: next && (next.tag === TAG.UTC_TIME || next.tag === TAG.GENERALIZED_TIME) ? time(der, next) : null,
    tbs: bytes(der, tbsNode),
    algorithm: oid(der, children(der, expectTag(algNode, TAG.SEQUENCE, 'algorithme attendu'))[0]),
    // first octet: number of unused bits, always 0 for signatures
    signature: signature.subarray(1),
  };
}

/** Digest for the signature algorithms CAs use; PSS and others are left to OpenSSL at handshake time. */
const DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, // Ed25519: no separate digest
};

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch (e) {
    throw new Error(`${what} « ${file} » illisible : ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The CA certificates of a PEM bundle. */
export function readCaBundle(file: string): X509Certificate[] {
  const blocks = pemBlocks(readText(file, 'Fichier des AC clientes'), 'CERTIFICATE');
  if (blocks.length === 0) throw new Error(`Le fichier des AC clientes « ${file} » ne contient aucun certificat PEM.`);
  return blocks.map((pem) => {
    try {
      return new X509Certificate(pem);
    } catch (e) {
      throw new Error(`Le fichier des AC clientes « ${file} » contient un certificat illisible : ${(e as Error).message}`);
    }
  });
}

/**
 * Reads the CRL files and checks that every CA of `caFile` has a current CRL it signed. Returns the CRLs
 * (PEM) for Node's `crl` option. Throws an Error with a French message naming the file or the CA at fault.
 */
export function loadCrls(crlFiles: string[], caFile: string, now = new Date()): string[] {
  const crls: Crl[] = [];
  for (const file of crlFiles) {
    const blocks = pemBlocks(readText(file, 'Fichier de CRL'), 'X509 CRL');
    if (blocks.length === 0) throw new Error(`Le fichier de CRL « ${file} » ne contient aucune CRL PEM (-----BEGIN X509 CRL-----).`);
    for (const pem of blocks) {
      try {
        crls.push(parseCrl(file, pem));
      } catch (e) {
        throw new Error(`Le fichier de CRL « ${file} » contient une CRL illisible : ${(e as Error).message}`);
      }
    }
  }
  for (const ca of readCaBundle(caFile)) {
    const der = ca.raw;
    const name = nameToRfc4514(der, certificateParts(der).subject);
    const own = crls.filter((c) => canonical(c.issuer) === canonical(name));
    if (own.length === 0) {
      throw new Error(
        `Aucune CRL pour l'AC « ${name} » du fichier ${caFile} : avec des CRL, chaque AC de confiance doit avoir la sienne ` +
          `(sinon tous les certificats qu'elle a émis sont refusés).`,
      );
    }
    // A renewed CA may keep its name with a new key: only the CRLs this key signed count for it.
    const signed = own.filter((c) => {
      const digest = DIGESTS[c.algorithm];
      return digest === undefined || verify(digest, c.tbs, ca.publicKey, c.signature);
    });
    if (signed.length === 0) {
      throw new Error(`La CRL du fichier « ${own[0].file} » porte le nom de l'AC « ${name} » mais n'est pas signée par elle.`);
    }
    // OpenSSL uses the most recent CRL it has: one current CRL is enough, an older one beside it is harmless.
    if (signed.every((c) => c.nextUpdate && c.nextUpdate.getTime() < now.getTime())) {
      const latest = signed.reduce((a, b) => (a.nextUpdate!.getTime() >= b.nextUpdate!.getTime() ? a : b));
      throw new Error(
        `La CRL de l'AC « ${name} » (fichier « ${latest.file} ») a expiré le ${latest.nextUpdate!.toISOString()} : ` +
          `publiez-en une à jour, sinon tous les certificats de cette AC sont refusés.`,
      );
    }
  }
  return crls.map((c) => c.pem);
}
