import { externalTarget, type ExternalTarget } from '../../shared/links/external-url';

/** The editor's booking URL as the SAS opens it: with `origin=sas` appended (spec §8, INT_SSO). */
export function withSasOrigin(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('origin', 'sas');
    return u.toString();
  } catch {
    return url;
  }
}

/** The link the slot grid offers: the editor's URL with origin=sas, past the external-link gate, or no link at all. */
export function bookingLink(url: string): ExternalTarget | null {
  return externalTarget(withSasOrigin(url));
}
