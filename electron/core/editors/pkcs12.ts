import forge from 'node-forge';

/** The certificate (PEM) inside a PKCS#12 file, to show its subject and expiry; throws on a wrong passphrase. */
export function certificateFromPkcs12(pfx: Buffer, passphrase: string | null): string {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), passphrase ?? '');
  } catch (e) {
    throw new Error(`fichier PKCS#12 illisible ou phrase secrète incorrecte (${(e as Error).message})`);
  }
  const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const cert = bags.find((b) => b.cert)?.cert;
  if (!cert) throw new Error('aucun certificat dans ce fichier PKCS#12');
  return forge.pki.certificateToPem(cert);
}
