import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { failure } from '../../shared/api/failure';
import {
  ATTEMPT_STATES, BLOCK_CODES, HUB_ERROR_CLASSES, type HubErrorView, type RouteExplanation, TRANSMISSION_STATES, type TransmissionRow,
} from '../../shared/api/hub-api';
import { HUB_WORDED, hubFailureText } from '../hub/hub-failure-text';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import {
  ackText, attemptTimings, blockFixHref, blockText, delayText, hubErrorText, needsAttention, plannedMessages, routeSentence, rowSummary,
} from './transmission-text';

const i18n = i18next.createInstance();
void i18n.init({ lng: 'fr', fallbackLng: false, initAsync: false, interpolation: { escapeValue: false }, resources: { fr: { translation: fr }, en: { translation: en } } });
const tFr = i18n.getFixedT('fr');
const tEn = i18n.getFixedT('en');
const UNWORDED = /transmissions\.|hub\.|\{\{|Bloquée \(|Blocked \(/;

const row = (patch: Partial<TransmissionRow>): TransmissionRow => ({
  appointmentId: 'a1', appointmentIdentifier: 'RDV-1', editor: 'Agenda', appointmentStatus: 'booked', appointmentStartUtc: null, state: 'queued',
  inFlight: false, samu: 'fr.health.samu330', wantedVersion: 1, sentVersion: null, method: null, attempts: 0, lastDistributionId: null, blocked: [],
  error: null, ack: null, possibleDuplicates: 0, updatedUtc: 0, publishedUtc: null, acknowledgedUtc: null, ...patch,
});

describe('transmissions in words', () => {
  it('words every block reason in French and English, with and without its parameters', () => {
    for (const code of BLOCK_CODES) {
      for (const t of [tFr, tEn]) {
        for (const params of [{ id: '810001234567', status: 'proposed' }, undefined]) {
          const text = blockText(t, { code, ...(params ? { params } : {}) });
          expect(text, code).not.toMatch(UNWORDED);
          expect(text.length, code).toBeGreaterThan(15);
        }
      }
    }
    expect(blockText(tFr, { code: 'regulator.unknown', params: { id: '3f1c0c64' } })).toBe('Régulateur inconnu du registre : ajoutez-le dans Régulateurs (identifiant 3f1c0c64)');
    expect(blockText(tFr, { code: 'practitioner.unknown', params: { id: '810001234567' } })).toBe('Praticien 810001234567 absent de l’annuaire : ajoutez-le dans l’annuaire (nom, prénom)');
    expect(blockText(tFr, { code: 'not.a-code' as never })).toBe('Bloquée (not.a-code)');
  });

  it('points each fixable reason at the page where it is fixed', () => {
    expect(blockFixHref({ code: 'route.none' })).toBe('/lrm?view=routes');
    expect(blockFixHref({ code: 'practitioner.unknown', params: { id: '810001234567' } })).toBe('/lrm?view=directory&q=810001234567');
    expect(blockFixHref({ code: 'regulator.no-email', params: { id: 'a b' } })).toBe('/regulators?q=a%20b');
    expect(blockFixHref({ code: 'appointment.no-start' })).toBeNull();
  });

  it('says what the Hub said and what its class asks of the operator', () => {
    for (const cls of HUB_ERROR_CLASSES) {
      for (const t of [tFr, tEn]) expect(t(`transmissions.errorClass.${cls}`), cls).not.toMatch(UNWORDED);
    }
    const error: HubErrorView = { code: 500, statusString: 'DEAD_LETTER_QUEUED', cause: ' Message x has been read from dead-letter-queue ', class: 'retry', sender: 'fr.health.hub' };
    expect(hubErrorText(tFr, error)).toEqual({
      said: 'Erreur 500 DEAD_LETTER_QUEUED envoyée par fr.health.hub : Message x has been read from dead-letter-queue',
      action: 'Non délivré à temps : à renvoyer.',
    });
    expect(rowSummary(tFr, row({ state: 'failed', error }))).toBe('500 DEAD_LETTER_QUEUED — Non délivré à temps : à renvoyer.');
  });

  it('words acknowledgements, refusals included', () => {
    expect(ackText(tFr, { step: 'INTEGRE', refused: null })).toBe('Acquittée par le LRM (étape : intégré).');
    expect(ackText(tFr, { step: null, refused: true })).toBe('Acquittée par le LRM. Attention : le LRM indique avoir refusé ce message.');
    expect(ackText(tEn, { step: 'LU', refused: false })).toBe('Acknowledged by the LRM (step: LU).');
    expect(needsAttention(row({ state: 'acknowledged', ack: { step: 'RECU', refused: true } }))).toBe(true);
    expect(needsAttention(row({ state: 'published' }))).toBe(false);
  });

  it('has a sentence for every state and attempt state, in both languages', () => {
    for (const t of [tFr, tEn]) {
      for (const s of TRANSMISSION_STATES) {
        expect(t(`transmissions.states.${s}`)).not.toMatch(UNWORDED);
        expect(t(`transmissions.stateHelp.${s}`)).not.toMatch(UNWORDED);
        expect(rowSummary(t, row({ state: s }))).not.toMatch(UNWORDED);
      }
      for (const s of ATTEMPT_STATES) expect(t(`transmissions.attempt.states.${s}`)).not.toMatch(UNWORDED);
    }
    expect(tFr('transmissions.stateHelp.unconfirmed')).toBe('Non confirmée — sans acquittement final, à considérer comme non délivrée : prévenir le SAMU par un autre moyen.');
  });

  it('times an attempt from creation to confirm, and from confirm to the final answer', () => {
    expect(attemptTimings({ createdUtc: 1000, publishedUtc: 1250, outcomeUtc: 61_250 })).toEqual({ publishMs: 250, outcomeMs: 60_000 });
    expect(attemptTimings({ createdUtc: 1000, publishedUtc: null, outcomeUtc: 3000 })).toEqual({ publishMs: null, outcomeMs: 2000 });
    expect([delayText(250), delayText(4_400), delayText(245_000), delayText(7_800_000), delayText(null)]).toEqual(['250 ms', '4 s', '4 min 05 s', '2 h 10 min', '']);
  });

  it('says where an appointment would go, and why', () => {
    const route: RouteExplanation = { appointmentId: 'a1', samu: 'fr.health.samu330', decidedBy: 'department-override', steps: [], blocked: [] };
    expect(routeSentence(tFr, route)).toBe('Ce rendez-vous irait à fr.health.samu330 parce qu’une règle de routage par département s’applique.');
    expect(routeSentence(tFr, { ...route, samu: null, decidedBy: 'none' })).toMatch(/^Ce rendez-vous n’irait à aucun SAMU/);
    expect(plannedMessages({ bySamu: [{ samu: 'fr.health.samu330', count: 3 }, { samu: null, count: 2 }] })).toBe(5);
  });

  it('words the Hub connection failures for the broker, not for an editor', () => {
    for (const code of Object.keys(HUB_WORDED) as (keyof typeof HUB_WORDED)[]) {
      for (const t of [tFr, tEn]) {
        for (const params of [{ detail: 'ECONNREFUSED', name: 'fr.health.ptfsas.ack', timeoutMs: 5000, validTo: '2026-01-31' }, undefined]) {
          const text = hubFailureText(t, failure(code, true, params));
          expect(text, code).not.toMatch(/hub\.failures|failures\.|\{\{|éditeur|editor/i);
        }
      }
    }
    expect(hubFailureText(tFr, failure('amqp.not-found', false, { name: 'fr.health.ptfsas.info' }))).toBe(
      'Introuvable sur le Hub : fr.health.ptfsas.info. Vérifiez l’identifiant client et le vhost de l’adresse. Pas de nouvelle tentative automatique : corrigez la cause puis relancez.',
    );
    // Other codes keep their shared sentence.
    expect(hubFailureText(tFr, failure('internal', false))).toBe('Erreur interne de la console. Pas de nouvelle tentative automatique : corrigez la cause puis relancez.');
  });
});
