import { parisDayOf, parisInstant, parisLocalToIso } from '../domain/paris-time';
import { SYSTEM_IDNPS, SYSTEM_IDNST } from '../fhir/ig';
import type { SlotKind } from './ig-slots';

export interface SearchWindow {
  /** Instants written in Europe/Paris with their offset, as the SAS sends them. */
  start: string;
  end: string;
}

/** The SAS default: from now to the end of D+2, Europe/Paris. */
export function defaultWindow(now = Date.now()): SearchWindow {
  const [y, m, d] = parisDayOf(now).split('-').map(Number);
  const dPlus2 = new Date(Date.UTC(y, m - 1, d + 2)).toISOString().slice(0, 10);
  return { start: parisInstant(Math.floor(now / 1000) * 1000), end: parisLocalToIso(`${dPlus2}T23:59:59`)! };
}

/** Percent-encodes a query value as the SAS does: `|` → %7C, `+` → %2B, spaces never sent; `:` and `,` stay readable. */
export function encodeQueryValue(v: string): string {
  return encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

export interface SearchRequestInput {
  kind: SlotKind;
  base: string;
  /** Prefixed ids: 8/0 + RPPS/ADELI (PS, CPTS) or 3 + SIRET (SOS). */
  ids: readonly string[];
  window: SearchWindow;
  count?: number;
}

/** The exact request of spec §4.2 (PS), §4.3 (CPTS) and §4.4 (SOS), parameter for parameter. */
export function buildSearchUrl(input: SearchRequestInput): string {
  const base = input.base.replace(/\/+$/, '');
  const params: [string, string][] = [];
  const identifiers = (system: string) => input.ids.map((id) => `${system}|${id}`).join(',');
  if (input.kind === 'sos') {
    params.push(
      ['_revinclude', 'Slot:schedule'],
      ['_include', 'Schedule:actor:Location'],
      ['_include:iterate', 'Location:organization'],
      ['_has:Slot:schedule:start', `ge${input.window.start}`],
      ['_has:Slot:schedule:start', `le${input.window.end}`],
      ['_has:Slot:schedule:status', 'free'],
      ['actor:Location.organization.identifier', identifiers(SYSTEM_IDNST)],
    );
  } else {
    params.push(['_include', 'Slot:schedule'], ['_include:iterate', 'Schedule:actor']);
    if (input.kind === 'cpts') {
      params.push(['_include', 'Slot:service-type-reference'], ['_include:iterate', 'HealthcareService:organization']);
    }
    params.push(
      ['start', `ge${input.window.start}`],
      ['start', `le${input.window.end}`],
      ['schedule.actor:Practitioner.identifier', identifiers(SYSTEM_IDNPS)],
      ['status', 'free'],
    );
  }
  if (input.count) params.push(['_count', String(input.count)]);
  const query = params.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&');
  return `${base}/${input.kind === 'sos' ? 'Schedule' : 'Slot'}?${query}`;
}
