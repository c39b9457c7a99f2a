import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, failure } from '../../shared/api/failure';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { failureMessage, failureText, retryMessage } from './failure-text';

const i18n = i18next.createInstance();
void i18n.init({ lng: 'fr', fallbackLng: false, initAsync: false, interpolation: { escapeValue: false }, resources: { fr: { translation: fr }, en: { translation: en } } });
const tFr = i18n.getFixedT('fr');
const tEn = i18n.getFixedT('en');

const PARAMS = { timeoutMs: 7000, detail: 'ECONNREFUSED', status: 503, validTo: '2026-01-31', editor: 'Agenda', rules: 'REGUL-EMAIL-FORMAT' };

describe('failures in words', () => {
  it('has a French and an English sentence for every code, with and without its parameters', () => {
    for (const code of FAILURE_CODES) {
      for (const t of [tFr, tEn]) {
        for (const params of [PARAMS, undefined]) {
          const text = failureMessage(t, failure(code, true, params));
          expect(text, code).not.toMatch(/failures\.|\{\{|Échec \(|Failure \(/);
          expect(text.trim().length, code).toBeGreaterThan(10);
        }
      }
    }
  });

  it('words the editor answer and the unknown outcome as the operator needs them', () => {
    expect(failureMessage(tFr, failure('http.status', false, { status: 409, detail: 'Compte déjà existant' }))).toBe("L'éditeur a répondu 409 : Compte déjà existant");
    expect(failureMessage(tFr, failure('http.status', true, { status: 503, detail: '' }))).toBe("L'éditeur a répondu 503, sans explication.");
    expect(failureMessage(tFr, failure('net.reset-after-send', true))).toBe(
      "Connexion coupée après l'envoi : on ne sait pas si l'éditeur a appliqué la requête ; la prochaine tentative est un PUT conditionnel.",
    );
    expect(failureMessage(tFr, failure('net.timeout', true, { timeoutMs: 7000 }))).toContain('7 s');
  });

  it('says whether and when it is retried', () => {
    expect(retryMessage(tFr, { retryable: false })).toMatch(/Pas de nouvelle tentative/);
    expect(retryMessage(tFr, { retryable: true }, Date.parse('2026-01-15T08:30:00Z'))).toBe('Nouvelle tentative automatique le 15/01/2026 09:30 (heure de Paris).');
    expect(failureText(tEn, failure('job.interrupted', true))).toBe('The console stopped during the attempt (shutdown, crash or power loss). The console will try again by itself.');
  });

  it('keeps a code it does not know readable', () => {
    expect(failureMessage(tFr, { code: 'net.new-thing' as never, retryable: false })).toBe('Échec (net.new-thing).');
  });
});
