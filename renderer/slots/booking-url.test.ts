import { describe, expect, it } from 'vitest';
import { withSasOrigin } from './booking-url';

describe('booking links', () => {
  it('append origin=sas, keeping the editor parameters', () => {
    expect(withSasOrigin('https://lga.example/agenda/81001?creneau=3')).toBe('https://lga.example/agenda/81001?creneau=3&origin=sas');
    expect(withSasOrigin('https://lga.example/agenda')).toBe('https://lga.example/agenda?origin=sas');
  });
});
