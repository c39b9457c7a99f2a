import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links';

describe('external link gate', () => {
  it('lets only http(s) URLs out, parsed rather than matched as text', () => {
    expect(isAllowedExternalUrl('https://interop.esante.gouv.fr/ig/fhir/sas')).toBe(true);
    expect(isAllowedExternalUrl('http://editeur.example/agenda?origin=sas')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'app://console/x', 'https://user:pw@x.example', 'notaurl', 'smb://host/share']) {
      expect(isAllowedExternalUrl(bad)).toBe(false);
    }
  });
});
