import { describe, expect, it } from 'vitest';
import { externalTarget } from './external-url';

describe('external link targets', () => {
  it('split the parsed address around its host, which reads back to the whole address', () => {
    const t = externalTarget('https://LGA.example:8443/agenda/81001?creneau=3&origin=sas#x')!;
    expect(t).toEqual({
      href: 'https://lga.example:8443/agenda/81001?creneau=3&origin=sas#x',
      host: 'lga.example:8443',
      beforeHost: 'https://',
      afterHost: '/agenda/81001?creneau=3&origin=sas#x',
    });
    expect(t.beforeHost + t.host + t.afterHost).toBe(t.href);
  });

  it('show a Unicode host as punycode, so a look-alike cannot pass for a known editor', () => {
    // The second "o" below is Cyrillic.
    expect(externalTarget('https://doctоlib.example/rdv')!.host).toBe('xn--doctlib-djg.example');
  });

  it('refuse what the gate refuses', () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@x.example', 'notaurl']) {
      expect(externalTarget(bad)).toBeNull();
    }
  });
});
