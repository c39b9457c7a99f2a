import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages as ruleMessages } from '../../shared/i18n/rule-messages';
import { slotMessages } from '../../shared/i18n/slot-rule-messages';
import { en } from './en';
import { fr } from './fr';

// Rule explanations come from the same table the core uses for OperationOutcome diagnostics.
void i18next.use(initReactI18next).init({
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: ['fr', 'en'],
  interpolation: { escapeValue: false },
  resources: {
    fr: { translation: { ...fr, rules: { ...ruleMessages.fr, ...slotMessages.fr } } },
    en: { translation: { ...en, rules: { ...ruleMessages.en, ...slotMessages.en } } },
  },
});

export default i18next;
