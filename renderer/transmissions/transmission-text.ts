import type { TFunction } from 'i18next';
import type {
  BlockCode, BlockReason, HubErrorView, RetryPlan, RouteExplanation, TransmissionAttempt, TransmissionRow,
} from '../../shared/api/hub-api';

// How the page words what the core gives as data: the reasons a transmission is blocked (each with its fix),
// the Hub's errors by class, acknowledgements, and the route an appointment takes. Kept apart from the
// components so that every code can be checked to have a sentence in both languages.

/** The parameter a block reason's sentence quotes: without it, the `_bare` wording is used. */
const QUOTED: Partial<Record<BlockCode, string>> = {
  'regulator.unknown': 'id',
  'regulator.no-email': 'id',
  'regulator.no-name': 'id',
  'practitioner.unknown': 'id',
  'organization.unknown': 'id',
  'appointment.status': 'status',
};

/** Why a transmission is blocked, and what fixes it, as one sentence. */
export function blockText(t: TFunction, reason: BlockReason): string {
  const params: Record<string, string | number> = { ...(reason.params ?? {}) };
  const quoted = QUOTED[reason.code];
  const bare = quoted !== undefined && (params[quoted] === undefined || String(params[quoted]).trim() === '');
  return t(`transmissions.block.${reason.code}`, {
    ...params,
    ...(bare ? { context: 'bare' } : {}),
    defaultValue: t('transmissions.block.unknownCode', { code: reason.code }),
  });
}

/** Where in the console the fix of a block reason is made, when it has a place. */
export function blockFixHref(reason: BlockReason): string | null {
  const id = reason.params?.id !== undefined ? String(reason.params.id) : '';
  switch (reason.code) {
    case 'regulator.unknown':
    case 'regulator.no-email':
    case 'regulator.no-name':
      return id ? `/regulators?q=${encodeURIComponent(id)}` : '/regulators';
    case 'route.none':
      return '/lrm?view=routes';
    case 'practitioner.unknown':
    case 'organization.unknown':
      return id ? `/lrm?view=directory&q=${encodeURIComponent(id)}` : '/lrm?view=directory';
    default:
      return null;
  }
}

/** An error message from the Hub or the LRM: what it said, and what to do about it. */
export function hubErrorText(t: TFunction, error: HubErrorView): { said: string; action: string } {
  return {
    said: t('transmissions.error.said', { code: error.code, statusString: error.statusString, sender: error.sender, cause: error.cause.trim() }),
    action: t(`transmissions.errorClass.${error.class}`, { defaultValue: t('transmissions.errorClass.hub') }),
  };
}

/** The final acknowledgement, its step (RECU, INTEGRE…) and a refusal in words. */
export function ackText(t: TFunction, ack: { step: string | null; refused: boolean | null }): string {
  const step = ack.step ? t(`transmissions.ackStep.${ack.step}`, { defaultValue: ack.step }) : null;
  const base = step ? t('transmissions.ack.withStep', { step }) : t('transmissions.ack.plain');
  return ack.refused ? `${base} ${t('transmissions.ack.refused')}` : base;
}

/** One line for a row of the list: the thing an operator needs to read before opening it. */
export function rowSummary(t: TFunction, row: TransmissionRow): string {
  switch (row.state) {
    case 'blocked':
      return row.blocked.length ? row.blocked.map((r) => blockText(t, r)).join(' · ') : t('transmissions.summary.blocked');
    case 'failed':
      return row.error ? `${row.error.code} ${row.error.statusString} — ${t(`transmissions.errorClass.${row.error.class}`, { defaultValue: '' })}` : t('transmissions.summary.failed');
    case 'acknowledged':
      return row.ack ? ackText(t, row.ack) : t('transmissions.ack.plain');
    case 'published':
      return row.inFlight ? t('transmissions.summary.inFlight') : t('transmissions.summary.published');
    case 'unconfirmed':
      return t('transmissions.summary.unconfirmed');
    case 'queued':
      return t('transmissions.summary.queued');
    default:
      return '';
  }
}

/** Whether a row calls for someone: what the status bar counts, refused acknowledgements included. */
export function needsAttention(row: Pick<TransmissionRow, 'state' | 'ack'>): boolean {
  return row.state === 'blocked' || row.state === 'failed' || row.state === 'unconfirmed' || (row.state === 'acknowledged' && row.ack?.refused === true);
}

/** How long the broker took to confirm an attempt, and its final answer after publication. */
export function attemptTimings(a: Pick<TransmissionAttempt, 'createdUtc' | 'publishedUtc' | 'outcomeUtc'>): { publishMs: number | null; outcomeMs: number | null } {
  return {
    publishMs: a.publishedUtc !== null ? Math.max(0, a.publishedUtc - a.createdUtc) : null,
    outcomeMs: a.outcomeUtc !== null ? Math.max(0, a.outcomeUtc - (a.publishedUtc ?? a.createdUtc)) : null,
  };
}

/** "3 s", "4 min 05 s", "2 h 10 min": delays between an attempt and its answer span seconds to hours. */
export function delayText(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "ce rendez-vous irait à … parce que …". */
export function routeSentence(t: TFunction, route: RouteExplanation): string {
  if (!route.samu || route.decidedBy === 'none') return t('hub.routes.explain.none');
  return t(`hub.routes.explain.goes.${route.decidedBy}`, { samu: route.samu });
}

/** Messages a retry would send, SAMU by SAMU. */
export function plannedMessages(plan: Pick<RetryPlan, 'bySamu'>): number {
  return plan.bySamu.reduce((n, s) => n + s.count, 0);
}
