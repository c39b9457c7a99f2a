import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { bookingLink } from '../slots/booking-url';
import { ConfirmedExternalLink, ExternalLinkConfirmation, openExternalTarget } from './ExternalLinkDialog';
import { externalTarget } from '../../shared/links/external-url';

const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: 'fr',
  initAsync: false,
  interpolation: { escapeValue: false },
  resources: { fr: { translation: { externalLink: { body: 'Ce lien quitte la console et ouvre le site {{host}} dans votre navigateur.' } } } },
});

// Emotion inlines its <style> tags when rendering on a server: only the markup matters here.
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>).replace(/<style[^>]*>.*?<\/style>/g, '');

describe('external link confirmation (renderer)', () => {
  const target = bookingLink('https://agenda.editeur.example/rdv/81001?creneau=3')!;

  it('shows the whole address with its host set apart, and names the host in the text', () => {
    const html = render(<ExternalLinkConfirmation target={target} />);
    expect(html).toContain('ouvre le site agenda.editeur.example dans votre navigateur');
    expect(html).toMatch(/https:\/\/<strong[^>]*>agenda\.editeur\.example<\/strong>\/rdv\/81001\?creneau=3&amp;origin=sas/);
  });

  it('keeps the booking link a real link to the address it will confirm', () => {
    const html = render(<ConfirmedExternalLink target={target} onRequest={() => {}}>Réserver</ConfirmedExternalLink>);
    expect(html).toContain('href="https://agenda.editeur.example/rdv/81001?creneau=3&amp;origin=sas"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('opens the confirmed address in a new context without opener nor referrer', () => {
    const calls: unknown[][] = [];
    expect(openExternalTarget(target, (...args) => calls.push(args))).toBe(true);
    expect(calls).toEqual([['https://agenda.editeur.example/rdv/81001?creneau=3&origin=sas', '_blank', 'noopener,noreferrer']]);
  });

  it('opens nothing for a target that did not come through the gate', () => {
    const calls: unknown[][] = [];
    const forged = { ...externalTarget('https://x.example/')!, href: 'javascript:alert(1)' };
    expect(openExternalTarget(forged, (...args) => calls.push(args))).toBe(false);
    expect(calls).toEqual([]);
  });
});
