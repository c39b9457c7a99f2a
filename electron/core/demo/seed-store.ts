import type { AppointmentStore } from '../appointments/appointment-store';
import { prepareAppointment } from '../appointments/prepare-appointment';
import type { Db } from '../store/database';
import type { DemoAppointment } from './demo-generator';
import { asArray, obj, str } from '../../../shared/fhir/json';

/**
 * Writes demo appointments straight into a store through the same validation and storage as the gateway
 * (no HTTP, no journal), in batches of one transaction: for volumes the gateway would take minutes to absorb.
 */
export function seedStore(
  db: Db,
  store: AppointmentStore,
  items: DemoAppointment[],
  receivedUtc = Date.now(),
  /** Editor name → registry id (registerDemoEditors): appointments are owned by their editor, as through the gateway. */
  editorIds: ReadonlyMap<string, string> = new Map(),
): { accepted: number; rejected: number } {
  let accepted = 0;
  let rejected = 0;
  db.transaction(() => {
    for (const item of items) {
      item.versions.forEach((resource, i) => {
        const prepared = prepareAppointment(resource, null);
        if (!prepared.ok) {
          rejected++;
          return;
        }
        const id = obj(asArray(resource.identifier)[0]);
        store.write(
          {
            target: i === 0 ? { kind: 'create' } : { kind: 'conditional', system: str(id?.system) ?? null, value: str(id?.value) ?? '' },
            resource,
            profile: prepared.choice.profile,
            fields: prepared.fields,
            findings: prepared.findings,
            editor: item.editor,
            owner: editorIds.has(item.editor) ? `editor:${editorIds.get(item.editor)}` : 'anonymous',
            enforceOwner: false,
            mayClaimUnowned: false,
            receivedUtc: receivedUtc + i * 3_600_000,
          },
          () => null,
        );
        accepted++;
      });
    }
  })();
  return { accepted, rejected };
}
