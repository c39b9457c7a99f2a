import type { DemoResult } from '../../../shared/api/types';
import type { DemoAppointment } from './demo-generator';
import { asArray, obj, str } from '../../../shared/fhir/json';

/** Posts demo appointments through the real gateway: the create, then each update as a conditional PUT. */
export async function postDemo(fhirBase: string, items: DemoAppointment[], concurrency = 8): Promise<DemoResult> {
  const result: DemoResult = { posted: 0, accepted: 0, rejected: 0 };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      for (const [i, version] of item.versions.entries()) {
        const id = obj(asArray(version.identifier)[0]);
        const query = `identifier=${encodeURIComponent(`${str(id?.system)}|${str(id?.value)}`)}`;
        const res = await fetch(i === 0 ? `${fhirBase}/Appointment` : `${fhirBase}/Appointment?${query}`, {
          method: i === 0 ? 'POST' : 'PUT',
          headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
          body: JSON.stringify(version),
        });
        await res.arrayBuffer();
        result.posted++;
        if (res.ok) result.accepted++;
        else result.rejected++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
