import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../shared/api/editor-types';

const DAY = 86_400_000;

/** Subject, issuer and validity of the first certificate of a PEM text, with the 30-day warning. */
export function certificateInfo(pem: string, now = Date.now()): CertificateInfo {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) throw new Error('aucun certificat PEM (-----BEGIN CERTIFICATE-----) dans ce texte');
  const c = new X509Certificate(block);
  const validTo = Date.parse(c.validTo);
  const daysLeft = Math.floor((validTo - now) / DAY);
  return {
    subject: c.subject.replace(/\n/g, ', '),
    issuer: c.issuer.replace(/\n/g, ', '),
    validFrom: new Date(Date.parse(c.validFrom)).toISOString(),
    validTo: new Date(validTo).toISOString(),
    daysLeft,
    state: validTo < now ? 'expired' : daysLeft < 30 ? 'expiring' : 'valid',
  };
}
