import { describe, expect, it } from 'vitest';
import { bookingLink, withSasOrigin } from './booking-url';

describe('booking links', () => {
  it('append origin=sas, keeping the editor parameters', () => {
    expect(withSasOrigin('https://lga.example/agenda/81001?creneau=3')).toBe('https://lga.example/agenda/81001?creneau=3&origin=sas');
    expect(withSasOrigin('https://lga.example/agenda')).toBe('https://lga.example/agenda?origin=sas');
  });

  it('go through the external-link gate, naming the host the confirmation shows', () => {
    expect(bookingLink('https://lga.example/agenda/81001?creneau=3')).toMatchObject({
      href: 'https://lga.example/agenda/81001?creneau=3&origin=sas',
      host: 'lga.example',
    });
    // The editor writes Slot.comment: whatever it puts there must not become a link that runs or reads anything.
    for (const bad of ['javascript:alert(document.cookie)', 'file:///C:/Windows/win.ini', 'https://a:b@lga.example/x', 'agenda']) {
      expect(bookingLink(bad)).toBeNull();
    }
  });
});
