// Error reports on `<clientId>.info` (RS-ERROR, hub-sante.md §2.6): what each code means for the operator and
// what to do about it. The Hub's own codes come from its ErrorCode enum; LRMs may also send codes outside it
// (the IG's 409 CONFLICT), so nothing here assumes the code is known.
import type { HubErrorClass } from '../api/hub-api';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { shown } from '../fhir/json';
import type { RdvMethod } from './rdv-message';

/** The Hub's codes and the statusString it sends with each (com.hubsante.model.report.ErrorCode). */
export const HUB_ERROR_CODES: Record<number, string> = {
  100: 'DELIVERY_MODE_INCONSISTENCY',
  101: 'NOT_ALLOWED_CONTENT_TYPE',
  102: 'UNRECOGNIZED_MESSAGE_FORMAT',
  200: 'SENDER_INCONSISTENCY',
  300: 'INVALID_MESSAGE',
  301: 'SCHEMA_NOT_FOUND',
  400: 'EXPIRED_MESSAGE_BEFORE_ROUTING',
  // The IG and the DST write DEAD_LETTERED_QUEUE; the Hub sends this.
  500: 'DEAD_LETTER_QUEUED',
  501: 'UNROUTABLE_MESSAGE',
  600: 'MESSAGE_CONVERSION_ERROR',
  700: 'INTERNAL_CLIENT_ERROR',
  701: 'CASE_ALREADY_EXISTS',
  702: 'WRONG_MESSAGE_SEQUENCE',
  703: 'UNKNOWN_SENDER',
  704: 'INSUFFICIENT_DATA',
};

/** The LRM's "this appointment id already exists": 409 per the IG, 701 the nearest Hub code. */
const ALREADY_EXISTS = new Set([409, 701]);

/**
 * How operators handle an error. Our message was wrong (100–301: fix, then send again), not delivered in time
 * (400, 500: retry), sent to a recipient the Hub does not know (501), a Hub conversion problem (600). An
 * "already exists" answer to a create means the LRM has the appointment, which is what we wanted; the same
 * answer to an update, and any other code (700–704 and whatever an LRM chooses), is the LRM refusing it.
 */
export function classifyHubError(code: number, method: RdvMethod | null): HubErrorClass {
  switch (code) {
    case 100:
    case 101:
    case 102:
    case 200:
    case 300:
    case 301:
      return 'fix-message';
    case 400:
    case 500:
      return 'retry';
    case 501:
      return 'routing';
    case 600:
      return 'hub';
    default:
      return ALREADY_EXISTS.has(code) && method === 'CreateAppointment' ? 'already-there' : 'refused';
  }
}

const MEANING: Record<number, string> = {
  100: "le message n'a pas été publié en mode persistant (delivery_mode 2) : défaut de la console, à signaler ; le renvoyer tel quel échouera de même.",
  101: "le type de contenu a été refusé (application/json attendu) : défaut de la console, à signaler ; le renvoyer tel quel échouera de même.",
  102: "le Hub n'a pas pu lire le message bien qu'il respecte le schéma : comparer le message envoyé au modèle du Hub, corriger, puis renvoyer.",
  200: "la clé de routage ne correspond pas au senderID : vérifier l'identifiant client configuré (fr.health.ptfsas en production, fr.health.test.ptfsas ailleurs) et le certificat.",
  300: "le message ne respecte pas le schéma du Hub (ou son distributionID ne commence pas par le senderID) : la cause désigne le champ ; corriger la donnée, puis renvoyer.",
  301: "le Hub ne connaît pas le schéma de ce message : version de modèle non déployée sur ce Hub ; vérifier l'environnement, prévenir le support du Hub, ne pas renvoyer tel quel.",
  400: "le message avait déjà expiré quand le Hub a voulu le router (dateTimeExpires dépassé) : le SAMU ne l'a pas reçu ; le renvoyer.",
  500: "le LRM n'a pas pris le message à temps (expiré ou rejeté dans sa file) : le SAMU n'a pas le rendez-vous ; renvoyer plus tard et, si cela se répète, prévenir le SAMU.",
  501: "le Hub ne connaît pas ce destinataire (file absente) : vérifier le SAMU désigné par les règles d'acheminement.",
  600: "le Hub n'a pas pu convertir le message (JSON ↔ XML ou version de modèle) : problème du Hub, à signaler à son support.",
  700: "le LRM signale une erreur interne : le rendez-vous n'est pas intégré ; voir avec le SAMU avant de renvoyer.",
  702: "le LRM signale un ordre de messages inattendu : vérifier l'historique du rendez-vous ; une mise à jour complète peut être renvoyée.",
  703: "le LRM ne reconnaît pas l'émetteur : le SAMU doit déclarer la plateforme SAS dans son LRM.",
  704: "le LRM juge les données du rendez-vous insuffisantes : voir la cause, compléter, puis renvoyer.",
};

function meaning(code: number, method: RdvMethod | null): string {
  if (ALREADY_EXISTS.has(code)) {
    return method === 'CreateAppointment'
      ? 'le LRM a déjà ce rendez-vous (création reçue deux fois) : il est compté comme transmis, rien à faire.'
      : "le LRM refuse la mise à jour en disant que le rendez-vous existe déjà (il devrait l'appliquer) : voir avec le SAMU.";
  }
  return MEANING[code] ?? "refus du destinataire (code hors de la liste du Hub) : le rendez-vous n'est pas intégré ; voir la cause et, au besoin, avec le SAMU.";
}

/** A Diagnostic for one error report: what it means and what to do, in French. */
export function hubErrorDiagnostic(e: { code: number; statusString: string; cause: string }, method: RdvMethod | null): Diagnostic {
  const errorClass = classifyHubError(e.code, method);
  const name = e.statusString || HUB_ERROR_CODES[e.code] || 'sans libellé';
  const cause = e.cause.trim() === '' ? '' : ` Cause transmise : « ${shown(e.cause, 500)} »`;
  return {
    family: 'hub-error',
    ruleId: `HUB-ERR-${e.code}`,
    // The LRM having the appointment is the outcome we wanted: information, not a failure.
    severity: errorClass === 'already-there' ? 'information' : 'error',
    expression: 'content[0].jsonContent.embeddedJsonContent.message.error.errorCode',
    params: { code: e.code, statusString: e.statusString, cause: shown(e.cause, 500), class: errorClass },
    diagnostics: `Erreur ${e.code} (${name}) : ${meaning(e.code, method)}${cause}`,
  };
}
