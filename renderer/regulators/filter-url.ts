import { ACCOUNT_STATES, type AccountState, regulatorFilterSchema, type RegulatorFilter } from '../../shared/api/regulator-api';

// The regulators page keeps what it shows in the URL (tab, filter, page, selected run), so a view can be
// bookmarked, shared and restored with the back button.

export const VIEWS = ['registry', 'matrix', 'qualification'] as const;
export type RegulatorsView = (typeof VIEWS)[number];

export const PAGE_SIZE = 50;

export interface RegulatorsLocation {
  view: RegulatorsView;
  filter: RegulatorFilter;
  page: number;
}

/** Reads the view, the filter and the page; a hand-edited URL with one bad value keeps the rest. */
export function locationFromParams(params: URLSearchParams): RegulatorsLocation {
  const viewParam = params.get('view');
  const view: RegulatorsView = (VIEWS as readonly string[]).includes(viewParam ?? '') ? (viewParam as RegulatorsView) : 'registry';
  const habilitation = params.get('habilitation');
  const raw: Record<string, unknown> = {
    text: params.get('q') ?? undefined,
    samu: params.get('samu') ?? undefined,
    active: habilitation === 'oui' ? true : habilitation === 'non' ? false : undefined,
    states: params.get('states')?.split(',').filter((s): s is AccountState => (ACCOUNT_STATES as readonly string[]).includes(s)),
    editorId: params.get('editor') ?? undefined,
  };
  const filter: RegulatorFilter = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const one = regulatorFilterSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(filter, one.data);
  }
  const page = Math.max(0, Math.floor(Number(params.get('page') ?? 0)) || 0);
  return { view, filter, page };
}

/** Writes them back; defaults are left out so that the plain page has a plain URL. */
export function paramsFromLocation({ view, filter, page }: RegulatorsLocation, keep?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams();
  if (view !== 'registry') p.set('view', view);
  if (filter.text) p.set('q', filter.text);
  if (filter.samu) p.set('samu', filter.samu);
  if (filter.active !== undefined) p.set('habilitation', filter.active ? 'oui' : 'non');
  if (filter.states?.length) p.set('states', filter.states.join(','));
  if (filter.editorId) p.set('editor', filter.editorId);
  if (page > 0) p.set('page', String(page));
  // Parameters other views own (the qualification run shown) survive a change of filter.
  const run = keep?.get('run');
  if (run) p.set('run', run);
  return p;
}

/** A filter with no criterion at all: "everything filtered" is then the whole registry. */
export function isEmptyFilter(filter: RegulatorFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
}

/** Toggles one account state in the filter (the counts chips). */
export function toggleState(filter: RegulatorFilter, state: AccountState): RegulatorFilter {
  const current = filter.states ?? [];
  const states = current.includes(state) ? current.filter((s) => s !== state) : [...current, state];
  return { ...filter, states: states.length ? states : undefined };
}
