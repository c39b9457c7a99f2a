// Malformed or hostile bodies thrown at the gateway: every one gets a 4xx OperationOutcome, none a 5xx, and none
// becomes an appointment. 10,000 with the built-in rules; 1,000 more with the IG package when ../shared is there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { malformedBodies } from '../../../testing/malformed-bodies';
import { startTestCore, type TestCore } from '../../../testing/test-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const IG_DIR = path.resolve(here, '../../../../shared/fhir/ans.fhir.fr.sas-1.2.0');
const igPresent = fs.existsSync(path.join(IG_DIR, 'example'));
if (!igPresent) console.warn(`skipped: ../shared absent (${IG_DIR}) — fuzz with the IG package not run`);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function fuzz(count: number, seed: number, igPackageDir?: string): Promise<void> {
  t = await startTestCore(igPackageDir ? { igPackageDir } : {});
  const core = t.core;
  const fhir = t.fhir;
  const bodies = malformedBodies(count, seed);
  const fiveHundreds: string[] = [];
  const wrong: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const b = bodies[next++];
      const res = await fetch(`${fhir}/Appointment`, {
        method: 'POST',
        headers: { 'content-type': b.contentType ?? 'application/fhir+json' },
        body: b.body as BodyInit,
      });
      const text = await res.text();
      if (res.status >= 500) fiveHundreds.push(`${b.name}: ${res.status} ${text.slice(0, 300)}`);
      else if (res.status < 400) wrong.push(`${b.name} was accepted (${res.status})`);
      else if (!text.includes('"resourceType":"OperationOutcome"')) wrong.push(`${b.name}: ${res.status} without OperationOutcome`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  expect(fiveHundreds).toEqual([]);
  expect(wrong).toEqual([]);
  expect(core.appointments.count({})).toBe(0);
}

describe('gateway fuzz', () => {
  it('answers 10,000 malformed bodies with 4xx, never 5xx, and stores none of them', () => fuzz(10_000, 20261123), 240_000);

  it.runIf(igPresent)('does the same for 1,000 of them with the IG package loaded', () => fuzz(1_000, 4242, IG_DIR), 240_000);
});
