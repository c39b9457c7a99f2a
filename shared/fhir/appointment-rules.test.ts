import { describe, expect, it } from 'vitest';
import { checkAppointment } from './appointment-rules';
import { hasErrors } from './findings';
import { cptsAppointment, psAppointment, sosAppointment } from '../../testing/fixtures';
import type { JsonObject } from './json';

const errors = (r: JsonObject) => checkAppointment(r).findings.filter((f) => f.severity === 'error');
const ruleIds = (r: JsonObject) => errors(r).map((f) => f.ruleId);

describe('built-in appointment rules', () => {
  it('accepts valid PS, CPTS and SOS appointments and says which profile applied', () => {
    for (const [a, profile] of [
      [psAppointment(), 'FrAppointmentSAS'],
      [cptsAppointment(), 'FrAppointmentSAS'],
      [sosAppointment(), 'sas-sos-appointment'],
    ] as const) {
      const check = checkAppointment(a);
      expect(hasErrors(check.findings)).toBe(false);
      expect(check.choice.profile).toBe(profile);
      expect(check.findings.find((f) => f.ruleId === 'APT-PROFILE-APPLIED')?.severity).toBe('information');
    }
  });

  it('falls back to FrAppointmentSAS without a known profile and warns', () => {
    const a = psAppointment({ meta: { profile: ['http://example.org/other'] } });
    const check = checkAppointment(a);
    expect(check.choice).toMatchObject({ profile: 'FrAppointmentSAS', declared: false });
    expect(check.findings.map((f) => f.ruleId)).toContain('APT-PROFILE-UNKNOWN');
  });

  it('requires exactly one identifier with system and value', () => {
    expect(ruleIds(psAppointment({ identifier: [] }))).toEqual(['APT-IDENTIFIER-CARDINALITY']);
    expect(ruleIds(psAppointment({ identifier: [{ system: 'urn:oid:1.2', value: 'a' }, { system: 'urn:oid:1.2', value: 'b' }] })))
      .toEqual(['APT-IDENTIFIER-CARDINALITY']);
    expect(ruleIds(psAppointment({ identifier: [{ value: 'x' }] }))).toEqual(['APT-IDENTIFIER-SYSTEM']);
    expect(ruleIds(psAppointment({ identifier: [{ system: 'urn:oid:1.2.3' }] }))).toEqual(['APT-IDENTIFIER-VALUE']);
    expect(ruleIds(psAppointment({ identifier: [{ system: '1.2.250.1.9', value: 'x' }] }))).toEqual(['APT-IDENTIFIER-OID']);
  });

  it('checks status against the FHIR value set and flags statuses the SAS does not use', () => {
    expect(ruleIds(psAppointment({ status: undefined }))).toEqual(['APT-STATUS-REQUIRED']);
    expect(ruleIds(psAppointment({ status: 'reserved' }))).toEqual(['APT-STATUS-CODE']);
    const arrived = checkAppointment(psAppointment({ status: 'arrived' })).findings;
    expect(arrived.find((f) => f.ruleId === 'APT-STATUS-SAS')?.severity).toBe('warning');
    for (const s of ['booked', 'fulfilled', 'noshow', 'cancelled', 'pending']) expect(ruleIds(psAppointment({ status: s }))).toEqual([]);
  });

  it('requires start and end as instants with start ≤ end, naming the element', () => {
    expect(ruleIds(psAppointment({ start: undefined }))).toEqual(['APT-START-REQUIRED']);
    expect(ruleIds(psAppointment({ end: undefined }))).toEqual(['APT-END-REQUIRED']);
    expect(ruleIds(psAppointment({ start: '2026-03-10T09:00:00' }))).toEqual(['APT-INSTANT-FORMAT']);
    const inverted = errors(psAppointment({ start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T09:00:00+01:00' }));
    expect(inverted).toHaveLength(1);
    expect(inverted[0]).toMatchObject({ ruleId: 'APT-START-AFTER-END', expression: 'Appointment.start', code: 'business-rule' });
    expect(inverted[0].diagnostics).toContain('postérieure');
    // Equal instants in different zones are the same time.
    expect(ruleIds(psAppointment({ start: '2026-03-10T09:00:00+01:00', end: '2026-03-10T08:00:00Z' }))).toEqual([]);
  });

  it('warns when created is missing and rejects a malformed one', () => {
    const a = psAppointment();
    delete a.created;
    expect(checkAppointment(a).findings.find((f) => f.ruleId === 'APT-CREATED-MISSING')?.severity).toBe('warning');
    expect(ruleIds(psAppointment({ created: 'hier' }))).toEqual(['APT-CREATED-FORMAT']);
  });

  it('requires the regulator extension with IDNPS or INTRN and the matching system', () => {
    expect(ruleIds(psAppointment({ extension: [] }))).toEqual(['APT-OPERATOR-CARDINALITY']);
    const intrn = psAppointment();
    const id = (intrn.extension as any)[0].valueReference.identifier; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutation of a fixture
    id.type.coding[0].code = 'INTRN';
    expect(ruleIds(intrn)).toEqual(['APT-OPERATOR-SYSTEM']);
    id.system = 'urn:oid:1.2.250.1.213.3.6';
    id.value = 'b6e39355-8a61-4556-b340-36f7b95fec6a';
    expect(ruleIds(intrn)).toEqual([]);
    id.type.coding[0].code = 'RPPS';
    expect(ruleIds(intrn)).toEqual(['APT-OPERATOR-TYPE']);
  });

  it('requires an IDNPS practitioner with a prefixed RPPS or ADELI for PS and CPTS', () => {
    const a = psAppointment();
    const actor = (a.participant as any)[0].actor.identifier; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutation of a fixture
    actor.value = '10012345678';
    expect(ruleIds(a)).toEqual(['APT-PARTICIPANT-IDNPS-VALUE']);
    actor.value = '0123456789';
    expect(ruleIds(a)).toEqual([]);
    actor.system = 'urn:oid:1.2.250.1.71.4.2.2';
    expect(ruleIds(a)).toEqual(['APT-PARTICIPANT-IDNPS-SYSTEM']);
    expect(ruleIds(psAppointment({ participant: [{ type: [{ text: 'x' }], status: 'accepted' }] }))).toEqual(['APT-PARTICIPANT-IDNPS-MISSING']);
    expect(ruleIds(psAppointment({ participant: [] }))).toEqual(['APT-PARTICIPANT-REQUIRED']);
  });

  it('accepts a participant with only a type for SOS, but checks participant status', () => {
    expect(ruleIds(sosAppointment())).toEqual([]);
    expect(ruleIds(sosAppointment({ participant: [{ type: [{ text: 'ADM' }], status: 'declined' }] }))).toEqual(['APT-PARTICIPANT-STATUS']);
    expect(ruleIds(sosAppointment({ participant: [{ status: 'accepted' }] }))).toEqual(['APT-PARTICIPANT-TYPE-OR-ACTOR']);
  });

  it('checks the orientation category against its value set', () => {
    const a = cptsAppointment();
    (a.extension as any)[1].valueCodeableConcept.coding[0].code = '999'; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutation
    const found = errors(a);
    expect(found.map((f) => f.ruleId)).toEqual(['APT-ORIENTATION-CODE']);
    expect(found[0].expression).toContain('sas-categorie-orientation');
  });

  it('gives every finding a French diagnostic and a FHIRPath expression', () => {
    const bad = psAppointment({ identifier: [], status: 'x', start: 'y', extension: [], participant: [] });
    for (const f of checkAppointment(bad).findings) {
      expect(f.diagnostics.length).toBeGreaterThan(10);
      expect(f.expression).toMatch(/^Appointment/);
    }
  });
});
