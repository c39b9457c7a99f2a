import {
  HUB_ERROR_CLASSES, TRANSMISSION_STATES, transmissionFilterSchema, type TransmissionFilter, type TransmissionState,
} from '../../shared/api/hub-api';

// The Transmissions LRM page keeps what it shows in the URL (tab, filter, page), so that a support ticket can
// quote a view ("les échecs du SAMU 33 depuis ce matin"), and the back button restores it.

export const LRM_VIEWS = ['transmissions', 'routes', 'directory', 'orphans'] as const;
export type LrmView = (typeof LRM_VIEWS)[number];

export const PAGE_SIZE = 50;

export interface TransmissionsLocation {
  view: LrmView;
  filter: TransmissionFilter;
  page: number;
}

/** Reads the view, the filter and the page; a hand-edited URL with one bad value keeps the rest. */
export function locationFromParams(params: URLSearchParams): TransmissionsLocation {
  const viewParam = params.get('view') ?? '';
  const view: LrmView = (LRM_VIEWS as readonly string[]).includes(viewParam) ? (viewParam as LrmView) : 'transmissions';
  const code = params.get('code');
  const raw: Record<string, unknown> = {
    states: params.get('states')?.split(',').filter((s) => (TRANSMISSION_STATES as readonly string[]).includes(s)),
    samu: params.get('samu') ?? undefined,
    errorCode: code && /^\d+$/.test(code) ? Number(code) : undefined,
    errorClass: (HUB_ERROR_CLASSES as readonly string[]).includes(params.get('class') ?? '') ? params.get('class') : undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    appointment: params.get('appointment') ?? undefined,
    editor: params.get('editor') ?? undefined,
    attention: params.get('attention') === '1' ? true : undefined,
  };
  const filter: TransmissionFilter = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const one = transmissionFilterSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(filter, one.data);
  }
  // Dropped as a whole: a text trimmed to nothing is no criterion.
  for (const k of ['appointment', 'editor'] as const) if (filter[k] === '') delete filter[k];
  if (filter.states) filter.states = [...new Set(filter.states)];
  const page = Math.max(0, Math.floor(Number(params.get('page') ?? 0)) || 0);
  return { view, filter, page };
}

/** Writes them back; defaults are left out so that the plain page has a plain URL. */
export function paramsFromLocation({ view, filter, page }: TransmissionsLocation): URLSearchParams {
  const p = new URLSearchParams();
  if (view !== 'transmissions') p.set('view', view);
  if (filter.states?.length) p.set('states', filter.states.join(','));
  if (filter.samu) p.set('samu', filter.samu);
  if (filter.errorCode !== undefined) p.set('code', String(filter.errorCode));
  if (filter.errorClass) p.set('class', filter.errorClass);
  if (filter.from) p.set('from', filter.from);
  if (filter.to) p.set('to', filter.to);
  if (filter.appointment) p.set('appointment', filter.appointment);
  if (filter.editor) p.set('editor', filter.editor);
  if (filter.attention) p.set('attention', '1');
  if (page > 0) p.set('page', String(page));
  return p;
}

/** A filter with no criterion: "all filtered" is then every transmission the console holds. */
export function isEmptyFilter(filter: TransmissionFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0));
}

/** Toggles one state in the filter (the count chips). */
export function toggleState(filter: TransmissionFilter, state: TransmissionState): TransmissionFilter {
  const current = filter.states ?? [];
  const states = current.includes(state) ? current.filter((s) => s !== state) : [...current, state];
  return { ...filter, states: states.length ? states : undefined };
}

/** The page's address for a filter (the status bar, the appointment page and the detail link here). */
export function transmissionsHref(filter: TransmissionFilter = {}): string {
  const query = paramsFromLocation({ view: 'transmissions', filter, page: 0 }).toString();
  return query ? `/lrm?${query}` : '/lrm';
}

/** Everything the status bar counts: blocked, failed, unconfirmed, and acknowledgements that say "refused". */
export function attentionHref(): string {
  return transmissionsHref({ attention: true });
}

/** One transmission's page. Appointment ids are the console's, but may hold characters a path cannot. */
export function transmissionHref(appointmentId: string): string {
  return `/lrm/${encodeURIComponent(appointmentId)}`;
}
