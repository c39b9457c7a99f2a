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
