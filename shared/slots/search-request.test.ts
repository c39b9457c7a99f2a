import { describe, expect, it } from 'vitest';
import { buildSearchUrl, defaultWindow, encodeQueryValue } from './search-request';

const window = { start: '2026-03-10T14:00:00+01:00', end: '2026-03-12T23:59:59+01:00' };

describe('slot search requests, exactly as the SAS sends them', () => {
  it('builds the PS request of spec §4.2 with | and + percent-encoded', () => {
    expect(buildSearchUrl({ kind: 'ps', base: 'https://lga.example/fhir/', ids: ['810002673899', '0123456789'], window, count: 1000 })).toBe(
      'https://lga.example/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor' +
        '&start=ge2026-03-10T14:00:00%2B01:00&start=le2026-03-12T23:59:59%2B01:00' +
        '&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C0123456789' +
        '&status=free&_count=1000',
    );
  });
  it('adds the two CPTS includes of spec §4.3', () => {
    const url = buildSearchUrl({ kind: 'cpts', base: 'https://lga.example/fhir', ids: ['810002909371'], window });
    expect(url).toContain('&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&');
    expect(url).not.toContain('_count');
  });
  it('searches Schedules with _has criteria for SOS (spec §4.4)', () => {
    expect(buildSearchUrl({ kind: 'sos', base: 'https://lga.example/fhir', ids: ['334173748400020'], window })).toBe(
      'https://lga.example/fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization' +
        '&_has:Slot:schedule:start=ge2026-03-10T14:00:00%2B01:00&_has:Slot:schedule:start=le2026-03-12T23:59:59%2B01:00' +
        '&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020',
    );
  });
  it('never sends spaces', () => {
    expect(encodeQueryValue('a b|c+d')).toBe('a%20b%7Cc%2Bd');
  });
  it('defaults to now until the end of D+2 in Paris', () => {
    const w = defaultWindow(Date.parse('2026-03-28T22:30:00Z')); // 23:30 in Paris, the day before the DST change
    expect(w.start).toBe('2026-03-28T23:30:00+01:00');
    expect(w.end).toBe('2026-03-30T23:59:59+02:00');
  });
});
