import type { AppointmentVersionSummary } from '../../shared/api/types';

export type VersionChange =
  | { kind: 'created' }
  | { kind: 'status'; from: string; to: string }
  | { kind: 'times'; from: string; to: string }
  | { kind: 'practitioner'; from: string; to: string };

/** What an operator looks for between two versions: status, times, practitioner. */
export function versionChanges(prev: AppointmentVersionSummary | undefined, cur: AppointmentVersionSummary): VersionChange[] {
  if (!prev) return [{ kind: 'created' }];
  const out: VersionChange[] = [];
  if (prev.status !== cur.status) out.push({ kind: 'status', from: prev.status ?? '—', to: cur.status ?? '—' });
  if (prev.startRaw !== cur.startRaw || prev.endRaw !== cur.endRaw) {
    out.push({ kind: 'times', from: `${prev.startRaw ?? '—'} – ${prev.endRaw ?? '—'}`, to: `${cur.startRaw ?? '—'} – ${cur.endRaw ?? '—'}` });
  }
  if (prev.practitionerId !== cur.practitionerId) out.push({ kind: 'practitioner', from: prev.practitionerId ?? '—', to: cur.practitionerId ?? '—' });
  return out;
}
