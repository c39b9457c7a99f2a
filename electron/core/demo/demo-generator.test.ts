import { describe, expect, it } from 'vitest';
import { checkAppointment } from '../../../shared/fhir/appointment-rules';
import { hasErrors } from '../../../shared/fhir/findings';
import { ADELI_PREFIXED, RPPS_PREFIXED, SIRET_PREFIXED } from '../../../shared/domain/identifiers';
import { generateDemoAppointments } from './demo-generator';

describe('demo data generator', () => {
  const items = generateDemoAppointments(400, 42, Date.parse('2026-11-01T12:00:00Z'));

  it('produces appointments every built-in rule accepts, in all three categories', () => {
    const profiles = new Set<string>();
    for (const item of items) {
      for (const v of item.versions) {
        const check = checkAppointment(v);
        expect(hasErrors(check.findings), JSON.stringify(check.findings.filter((f) => f.severity === 'error'))).toBe(false);
        profiles.add(check.choice.profile);
      }
    }
    expect(profiles).toEqual(new Set(['FrAppointmentSAS', 'sas-sos-appointment']));
  });

  it('uses prefixed national identifiers and keeps one identifier across an appointment’s versions', () => {
    for (const item of items) {
      const ids = new Set(item.versions.map((v) => JSON.stringify(v.identifier)));
      expect(ids.size).toBe(1);
      for (const v of item.versions) {
        for (const p of v.participant as { actor?: { identifier?: { system: string; value: string } } }[]) {
          const id = p.actor?.identifier;
          if (id?.system === 'urn:oid:1.2.250.1.71.4.2.1') expect(RPPS_PREFIXED.test(id.value) || ADELI_PREFIXED.test(id.value)).toBe(true);
          if (id?.system === 'urn:oid:1.2.250.1.71.4.2.2') expect(SIRET_PREFIXED.test(id.value)).toBe(true);
        }
      }
    }
  });

  it('changes statuses over time and is reproducible from its seed', () => {
    const statuses = new Set(items.flatMap((i) => i.versions.map((v) => v.status)));
    for (const s of ['booked', 'fulfilled', 'noshow', 'cancelled', 'pending']) expect(statuses).toContain(s);
    expect(items.some((i) => i.versions.length > 1)).toBe(true);
    const again = generateDemoAppointments(400, 42, Date.parse('2026-11-01T12:00:00Z'));
    expect(again.map((i) => i.versions.map((v) => v.status))).toEqual(items.map((i) => i.versions.map((v) => v.status)));
  });
});
