import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../shared/diagnostics/diagnostic';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { diagnosticMessage, DiagnosticsList } from './DiagnosticsList';

const email: Diagnostic = {
  family: 'regulator',
  ruleId: 'REGUL-EMAIL-FORMAT',
  severity: 'error',
  resource: 'Practitioner',
  expression: 'Practitioner.telecom[0].value',
  params: { value: 'jeanne@' },
  diagnostics: 'Adresse e-mail « jeanne@ » invalide : format nom@domaine.fr attendu.',
};
const hub: Diagnostic = { family: 'hub-error', ruleId: 'HUB-X', severity: 'warning', expression: '$.message', diagnostics: 'Texte du Hub tel quel.' };

const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ lng: 'fr', initAsync: false, interpolation: { escapeValue: false }, resources: { fr: { translation: fr }, en: { translation: en } } });
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>).replace(/<style[^>]*>.*?<\/style>/g, '');

describe('diagnostics of any family', () => {
  it('re-localises a known family from its table, and keeps the text of the others', () => {
    expect(diagnosticMessage(email, 'fr')).toBe('Adresse e-mail « jeanne@ » invalide : format nom@domaine.fr attendu.');
    expect(diagnosticMessage(email, 'en')).toBe('Invalid e-mail address "jeanne@": name@domain.fr format expected.');
    expect(diagnosticMessage(hub, 'en')).toBe('Texte du Hub tel quel.');
    expect(diagnosticMessage({ ...email, ruleId: 'REGUL-NEW' }, 'en')).toBe(email.diagnostics);
  });

  it('lists the most serious first, with the rule, the severity and where', () => {
    const html = render(<DiagnosticsList diagnostics={[hub, email]} />);
    expect(html.indexOf('REGUL-EMAIL-FORMAT')).toBeLessThan(html.indexOf('HUB-X'));
    expect(html).toContain('data-severity="error"');
    expect(html).toContain('Practitioner · Practitioner.telecom[0].value');
    expect(html).toContain('Erreur');
  });

  it('says when there is nothing to say', () => {
    expect(render(<DiagnosticsList diagnostics={[]} emptyText="Rien." />)).toContain('Rien.');
  });
});
