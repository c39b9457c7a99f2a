// Conformance: the IG's official appointment examples, read from ../shared (never copied here).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../../testing/test-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const IG_DIR = path.resolve(here, '../../../../shared/fhir/ans.fhir.fr.sas-1.2.0');
const present = fs.existsSync(path.join(IG_DIR, 'example'));
const EXAMPLES = ['Appointment-1.json', 'Appointment-2.json', 'Appointment-12345678.json'];

if (!present) console.warn(`skipped: ../shared absent (${IG_DIR}) — IG conformance suite not run`);

for (const withIg of [false, true]) {
  describe.runIf(present)(`official IG appointment examples (${withIg ? 'built-in rules + IG package' : 'built-in rules'})`, () => {
    let t: TestCore;
    beforeAll(async () => {
      t = await startTestCore(withIg ? { igPackageDir: IG_DIR } : {});
      if (withIg) expect(t.core.info().igPackage).toMatchObject({ loaded: true, error: null });
    });
    afterAll(async () => t?.stop());

    it.each(EXAMPLES)('accepts %s', async (file) => {
      const body = fs.readFileSync(path.join(IG_DIR, 'example', file), 'utf8');
      const resource = JSON.parse(body);
      const res = await fetch(`${t.fhir}/Appointment?identifier=${encodeURIComponent(`${resource.identifier[0].system}|${resource.identifier[0].value}`)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json', prefer: 'return=OperationOutcome' },
        body,
      });
      const outcome = await res.json();
      const errors = outcome.issue.filter((i: { severity: string }) => i.severity === 'error');
      expect(errors).toEqual([]);
      expect([200, 201]).toContain(res.status);
    });
  });
}

describe.runIf(present)('IG package validation adds its own findings', () => {
  it('reports a StructureDefinition violation the built-in rules also catch, from both sources', async () => {
    const t = await startTestCore({ igPackageDir: IG_DIR });
    try {
      const resource = JSON.parse(fs.readFileSync(path.join(IG_DIR, 'example', 'Appointment-1.json'), 'utf8'));
      delete resource.end;
      const res = await fetch(`${t.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource) });
      expect(res.status).toBe(422);
      const text = JSON.stringify(await res.json());
      expect(text).toContain('APT-END-REQUIRED');
      expect(text).toContain('Validation du profil http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS');
    } finally {
      await t.stop();
    }
  });
});
