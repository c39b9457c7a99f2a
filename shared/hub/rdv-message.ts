// INT_L02 (RS-SAS-RDV): the EDXL-DE envelope the console publishes to a SAMU's LRM through the Hub Santé, and
// the console's own check of it (hub-sante.md §2.1–2.4). The check mirrors the official JSON Schemas
// (ansforge/SAMU-Hub-Modeles) field by field and adds the cross-field rules the schemas cannot express; the
// conformance test (hub-conformance.test.ts) holds it to the official schemas.
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { parisInstant } from '../domain/paris-time';
import { shown } from '../fhir/json';
import { CS_TRE_G15, CS_TRE_R38 } from '../fhir/ig';
import { HUB_CLIENT_ID } from '../api/hub-api';
import { NATIONAL_ID } from '../regulators/regulator-types';

export const RDV_METHODS = ['CreateAppointment', 'UpdateAppointment'] as const;
export type RdvMethod = (typeof RDV_METHODS)[number];
export const RDV_STATUSES = ['pending', 'booked', 'fulfilled', 'noshow', 'cancelled'] as const;
export type RdvStatus = (typeof RDV_STATUSES)[number];
export const ORIENTATION_CATEGORIES = ['CPTS', 'MSP', 'CDS', 'SOS', 'PS', 'PDM'] as const;
export type OrientationCategory = (typeof ORIENTATION_CATEGORIES)[number];

/** EDXL-DE `distributionKind` and RC-DE `kind` (same enum in both schemas). */
export const HUB_KINDS = ['Report', 'Update', 'Cancel', 'Ack', 'Error'] as const;

/** NOS terminologies the codes come from (values of the official examples). */
export const NOS_SPECIALITY_URL = CS_TRE_R38;
export const NOS_PROFESSION_URL = CS_TRE_G15;

/** The schemas' pattern for `sentAt`, `created`, `start`, `end`: offset mandatory, no `Z`, no fraction. */
export const RDV_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([-+])(\d{2}):(\d{2})$/;
/**
 * `practitioner.rppsId` exactly as the schema has it: "8" + an RPPS that starts with 1. Narrower than
 * identifiers.ts RPPS_PREFIXED (8 + any 11 digits), and an ADELI (0-prefixed) practitioner cannot be sent at all.
 */
export const HUB_RPPS_ID = /^81[0-9]{10}$/;
/** A SAS technical id, with or without dashes: never to leave the SAS as a regulator id (hub-sante.md §2.4). */
const TECHNICAL_UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The path from the envelope to the RC-DE message, as diagnostics write it. */
export const MESSAGE_PATH = 'content[0].jsonContent.embeddedJsonContent.message';

// ---------------------------------------------------------------------------------------------------------
// Instants. ajv-formats' `date-time` is the reference the conformance test holds these to: same grammar, same
// calendar and clock ranges (leap second included), so a value is refused here exactly when ajv refuses it.

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// ajv-formats splits on /t|\s/i and wants exactly two halves; as neither half may hold a "t" or a space, one
// pattern with a single separator accepts the same strings (and runs several times faster than the split).
const DATE_TIME = /^(\d\d\d\d)-(\d\d)-(\d\d)[Tt\s](\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)$/i;

function validDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]);
}

function validClock(hour: number, minute: number, second: number, sign: number, tzHour: number, tzMinute: number): boolean {
  if (tzHour > 23 || tzMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second exists only at 23:59 UTC.
  const utcMinute = minute - tzMinute * sign;
  const utcHour = hour - tzHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  sign: number;
  tzHour: number;
  tzMinute: number;
}

function rdvInstantParts(s: string): Parts | null {
  const m = RDV_INSTANT.exec(s);
  if (!m) return null;
  return { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +m[6], sign: m[7] === '-' ? -1 : 1, tzHour: +m[8], tzMinute: +m[9] };
}

function rfc3339Parts(s: string): Parts | null {
  const m = DATE_TIME.exec(s);
  if (!m) return null;
  const z = m[7].toLowerCase() === 'z';
  return {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +m[4],
    minute: +m[5],
    second: +m[6],
    sign: m[8] === '-' ? -1 : 1,
    tzHour: z ? 0 : +(m[9] ?? 0),
    tzMinute: z ? 0 : +(m[10] ?? 0),
  };
}

function valid(p: Parts | null): p is Parts {
  return p !== null && validDate(p.year, p.month, p.day) && validClock(p.hour, p.minute, p.second, p.sign, p.tzHour, p.tzMinute);
}

/** The RS-SAS-RDV / RC-DE form: pattern and `format: date-time` both hold. */
export function isRdvInstant(s: string): boolean {
  return valid(rdvInstantParts(s));
}

/** `format: date-time` alone (EDXL-DE `dateTimeSent`, `dateTimeExpires`): RFC 3339, `Z` and fractions allowed. */
export function isHubDateTime(s: string): boolean {
  return valid(rfc3339Parts(s));
}

/** The instant a valid date-time denotes, to the whole second; null when it is not one. */
function instantSeconds(s: string): number | null {
  const p = rfc3339Parts(s);
  if (!valid(p)) return null;
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, Math.floor(p.second));
  return (local - p.sign * (p.tzHour * 60 + p.tzMinute) * 60_000) / 1000;
}

// ---------------------------------------------------------------------------------------------------------
// The product's schema of an RS-SAS-RDV envelope: zod strict objects mirroring EDXL-DE-envelope-only,
// RC-DE, RS-SAS-RDV (additionalProperties false everywhere, required fields, enums, patterns). Where it is
// deliberately narrower than the official schemas (hub-conformance.test.ts lists each case): exactly one
// content item (the dispatcher reads only the first), no field beside the RC-DE header and `appointment` in
// the message, nor beside `jsonContent` / `embeddedJsonContent` / `message` on the way to it, and no UUID as
// `regulatorId`. The rules between fields come after the schema (crossFieldDiagnostics).

const rdvInstant = z.string().refine(isRdvInstant);
const hubDateTime = z.string().refine(isHubDateTime);

const practitionerSchema = z.strictObject({
  rppsId: z.string().regex(HUB_RPPS_ID),
  lastName: z.string(),
  firstName: z.string(),
  specialityCode: z.string().optional(),
  specialityUrl: z.string().optional(),
  professionCode: z.string().optional(),
  professionUrl: z.string().optional(),
});

const organizationSchema = z.strictObject({ organizationId: z.string(), name: z.string() });

const regulatorSchema = z.strictObject({
  regulatorId: z
    .string()
    .refine((id) => !TECHNICAL_UUID.test(id))
    .optional(),
  regulatorName: z.string(),
  regulatorFirstname: z.string(),
  regulatorEmail: z.string(),
});

export const rdvAppointmentSchema = z.strictObject({
  appointmentId: z.string(),
  method: z.enum(RDV_METHODS),
  created: rdvInstant,
  status: z.enum(RDV_STATUSES),
  orientationCategory: z.enum(ORIENTATION_CATEGORIES).optional(),
  start: rdvInstant,
  end: rdvInstant.optional(),
  practitioner: practitionerSchema.optional(),
  organization: organizationSchema.optional(),
  regulator: regulatorSchema,
});
export type RdvAppointment = z.infer<typeof rdvAppointmentSchema>;

const addresseeSchema = z.strictObject({ name: z.string(), URI: z.string() });

const rdvMessageSchema = z.strictObject({
  messageId: z.string(),
  sender: addresseeSchema,
  sentAt: rdvInstant,
  kind: z.enum(HUB_KINDS),
  status: z.enum(['Actual', 'Exercise', 'System']),
  recipient: z.array(addresseeSchema).min(1),
  appointment: rdvAppointmentSchema,
});

export const rdvEnvelopeSchema = z.strictObject({
  distributionID: z.string(),
  senderID: z.string(),
  dateTimeSent: hubDateTime,
  dateTimeExpires: hubDateTime,
  distributionStatus: z.enum(['Actual', 'Exercise']),
  distributionKind: z.enum(HUB_KINDS),
  descriptor: z.strictObject({
    language: z.string(),
    explicitAddress: z.strictObject({ explicitAddressScheme: z.string(), explicitAddressValue: z.string() }),
  }),
  content: z
    .array(z.strictObject({ jsonContent: z.strictObject({ embeddedJsonContent: z.strictObject({ message: rdvMessageSchema }) }) }))
    .length(1),
});
/** An RS-SAS-RDV envelope as the console builds it; a plain JSON object (no undefined values are ever set). */
export type RdvEnvelope = z.infer<typeof rdvEnvelopeSchema>;

// ---------------------------------------------------------------------------------------------------------
// Building

/**
 * FHIR Appointment.status → RS-SAS-RDV status, or null when it has no counterpart. The LRM only needs to know
 * whether the patient is expected: proposed and waitlist are not confirmed yet (pending); arrived and
 * checked-in are a booked appointment under way (the LRM has no such states, and "fulfilled" would be
 * premature); entered-in-error means the appointment no longer exists, which for the LRM is a cancellation.
 */
export function rdvStatus(fhirStatus: string): RdvStatus | null {
  switch (fhirStatus) {
    case 'proposed':
    case 'pending':
    case 'waitlist':
      return 'pending';
    case 'booked':
    case 'arrived':
    case 'checked-in':
      return 'booked';
    case 'fulfilled':
      return 'fulfilled';
    case 'noshow':
      return 'noshow';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    default:
      return null;
  }
}

export interface RdvMessageInput {
  /** Sender: `fr.health.ptfsas` or `fr.health.test.ptfsas` (the routing key). */
  clientId: string;
  /** The SAMU, e.g. `fr.health.samu330`. */
  recipient: string;
  /** `${clientId}_${uuid}`, generated by the caller (it is kept in the outbox before publishing). */
  distributionId: string;
  sentUtc: number;
  expiresUtc: number;
  appointment: {
    appointmentId: string;
    method: RdvMethod;
    createdUtc: number;
    startUtc: number;
    endUtc: number | null;
    status: RdvStatus;
    orientationCategory: OrientationCategory | null;
    practitioner: { rppsId: string; lastName: string; firstName: string; specialityCode: string | null; professionCode: string | null } | null;
    organization: { organizationId: string; name: string } | null;
    /** `regulatorId`: the national IDNPS when known; a SAS technical id (UUID) here is dropped, never sent. */
    regulator: { regulatorId: string | null; name: string; firstName: string; email: string };
  };
}

/** Whether a regulator id may be sent: a national IDNPS, never the SAS technical UUID. */
export function isSendableRegulatorId(id: string | null): id is string {
  return id !== null && NATIONAL_ID.test(id) && !TECHNICAL_UUID.test(id);
}

function instant(name: string, utcMs: number): string {
  if (!Number.isFinite(utcMs)) throw new RangeError(`buildRdvEnvelope: ${name} is not a finite instant (${utcMs})`);
  return parisInstant(utcMs);
}

/**
 * The whole EDXL-DE envelope of an INT_L02 message (hub-sante.md §2.2–2.4): every instant in Paris time with
 * its offset (no `Z`, no milliseconds), optional fields omitted rather than null. Throws (RangeError) only
 * on a caller's bug: a distributionId that does not start with `${clientId}_`, a client or recipient that is
 * not a Hub id, an instant that is not finite. Everything data-driven (an RPPS in the wrong form, say) is
 * built as given and left to checkRdvEnvelope, so the console can show what is wrong.
 */
export function buildRdvEnvelope(input: RdvMessageInput): RdvEnvelope {
  const { clientId, recipient, distributionId } = input;
  if (!HUB_CLIENT_ID.test(clientId) || clientId.includes('_')) throw new RangeError(`buildRdvEnvelope: not a Hub client id: ${clientId}`);
  if (!HUB_CLIENT_ID.test(recipient)) throw new RangeError(`buildRdvEnvelope: not a Hub recipient id: ${recipient}`);
  // The Hub compares the part before the first "_" with senderID (error 300 otherwise).
  if (!distributionId.startsWith(`${clientId}_`) || distributionId.length === clientId.length + 1 || /\s/.test(distributionId)) {
    throw new RangeError(`buildRdvEnvelope: distributionId must be ${clientId}_<id>: ${distributionId}`);
  }
  const sent = instant('sentUtc', input.sentUtc);
  const expires = instant('expiresUtc', input.expiresUtc);
  const a = input.appointment;
  const p = a.practitioner;
  const o = a.organization;
  const r = a.regulator;

  const appointment: RdvAppointment = {
    appointmentId: a.appointmentId,
    method: a.method,
    created: instant('createdUtc', a.createdUtc),
    status: a.status,
    ...(a.orientationCategory !== null ? { orientationCategory: a.orientationCategory } : {}),
    start: instant('startUtc', a.startUtc),
    ...(a.endUtc !== null ? { end: instant('endUtc', a.endUtc) } : {}),
    ...(p
      ? {
          practitioner: {
            rppsId: p.rppsId,
            lastName: p.lastName,
            firstName: p.firstName,
            ...(p.specialityCode !== null ? { specialityCode: p.specialityCode, specialityUrl: NOS_SPECIALITY_URL } : {}),
            ...(p.professionCode !== null ? { professionCode: p.professionCode, professionUrl: NOS_PROFESSION_URL } : {}),
          },
        }
      : {}),
    ...(o ? { organization: { organizationId: o.organizationId, name: o.name } } : {}),
    regulator: {
      ...(isSendableRegulatorId(r.regulatorId) ? { regulatorId: r.regulatorId } : {}),
      regulatorName: r.name,
      regulatorFirstname: r.firstName,
      regulatorEmail: r.email,
    },
  };

  return {
    distributionID: distributionId,
    senderID: clientId,
    dateTimeSent: sent,
    dateTimeExpires: expires,
    distributionStatus: 'Actual',
    distributionKind: 'Report',
    descriptor: {
      language: 'fr-FR',
      explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: recipient },
    },
    content: [
      {
        jsonContent: {
          embeddedJsonContent: {
            message: {
              messageId: distributionId,
              sender: { name: clientId, URI: `hubex:${clientId}` },
              sentAt: sent,
              kind: 'Report',
              status: 'Actual',
              recipient: [{ name: recipient, URI: `hubex:${recipient}` }],
              appointment,
            },
          },
        },
      },
    ],
  };
}

/** The appointment part of an envelope, when it is a well-formed one (for display); null otherwise. */
export function appointmentOf(envelope: unknown): RdvAppointment | null {
  const message = at(envelope, ['content', 0, 'jsonContent', 'embeddedJsonContent', 'message']);
  const parsed = rdvAppointmentSchema.safeParse(at(message, ['appointment']));
  return parsed.success ? parsed.data : null;
}

// ---------------------------------------------------------------------------------------------------------
// Checking

type Path = readonly PropertyKey[];

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function pathText(path: Path): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '$' : out;
}

/**
 * The rule id of a field, from where it sits: the envelope, the content wrapper, the RC-DE header, the
 * appointment or one of its fields. An unexpected field takes the id of the object that holds it, so ids stay
 * a fixed set whatever the input.
 */
function ruleIdOf(path: Path, extraKeyInside = false): string {
  if (path[0] !== 'content') return 'HUB-ENVELOPE';
  if (path.length < 5) return 'HUB-CONTENT';
  if (path.length === 5) return extraKeyInside ? 'HUB-RCDE' : 'HUB-CONTENT';
  if (path[5] !== 'appointment') return 'HUB-RCDE';
  const fields = path.slice(6).filter((k): k is string => typeof k === 'string');
  return fields.length === 0 ? 'HUB-RDV' : `HUB-RDV-${fields.join('-').toUpperCase()}`;
}

function zoneText(path: Path): string {
  if (path[0] !== 'content') return "dans l'enveloppe EDXL-DE";
  if (path.length <= 5) return 'dans content';
  if (path[5] !== 'appointment') return "dans l'en-tête RC-DE";
  return 'dans le rendez-vous (appointment)';
}

const FORMAT_RULES: Record<string, string> = {
  sentAt: 'une date-heure AAAA-MM-JJThh:mm:ss±hh:mm (fuseau explicite ; ni « Z » ni millisecondes ; date et heure existantes)',
  created: 'une date-heure AAAA-MM-JJThh:mm:ss±hh:mm (fuseau explicite ; ni « Z » ni millisecondes ; date et heure existantes)',
  start: 'une date-heure AAAA-MM-JJThh:mm:ss±hh:mm (fuseau explicite ; ni « Z » ni millisecondes ; date et heure existantes)',
  end: 'une date-heure AAAA-MM-JJThh:mm:ss±hh:mm (fuseau explicite ; ni « Z » ni millisecondes ; date et heure existantes)',
  dateTimeSent: 'une date-heure RFC 3339 avec fuseau',
  dateTimeExpires: 'une date-heure RFC 3339 avec fuseau',
  rppsId: 'le RPPS préfixé par 8 (12 chiffres commençant par 81)',
  regulatorId: "l'identifiant national (IDNPS) du régulateur, jamais son identifiant technique SAS (UUID) : omettre le champ à défaut",
};

const TYPE_NAMES: Record<string, string> = { string: 'une chaîne de caractères', object: 'un objet', array: 'un tableau' };

function diagnostic(ruleId: string, expression: string, diagnostics: string, params: Record<string, string | number>): Diagnostic {
  return { family: 'hub-schema', ruleId, severity: 'error', expression, params, diagnostics };
}

function issueDiagnostics(issue: z.core.$ZodIssue, envelope: unknown): Diagnostic[] {
  const path = issue.path;
  const last = path.length > 0 ? path[path.length - 1] : undefined;
  const field = typeof last === 'string' ? last : typeof last === 'number' ? pathText(path.slice(-2)) : 'enveloppe';
  const value = at(envelope, path);
  const zone = zoneText(path);
  if (path.length === 0 && issue.code === 'invalid_type') {
    return [diagnostic('HUB-ENVELOPE', '$', `Le message n'est pas un objet JSON : une enveloppe EDXL-DE est attendue (reçu : ${shown(value, 80)}).`, { field: '$', rule: 'type' })];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        return diagnostic(
          ruleIdOf(path, true),
          pathText(keyPath),
          // The official schemas tolerate extra fields from the content item down to the RC-DE header (not
          // beyond, nor above): the console still refuses them, but must not claim the Hub would.
          path[0] === 'content' && path.length <= 5
            ? `Le champ « ${key} » n'est pas prévu ${zoneText(keyPath)} : la console n'envoie que l'en-tête RC-DE et le rendez-vous (appointment), sans autre champ.`
            : `Le champ « ${key} » n'est pas prévu ${zoneText(keyPath)} : le schéma du Hub interdit tout champ non prévu (le Hub rejetterait le message, erreur 300).`,
          { field: key, rule: 'additionalProperties' },
        );
      });
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const text =
        value === undefined
          ? `Le champ « ${field} » est obligatoire ${zone}.`
          : value === null
            ? `Le champ « ${field} » ne peut pas valoir null ${zone} : l'omettre s'il est facultatif, sinon le renseigner (type attendu : ${expected}).`
            : `Le champ « ${field} » doit être ${expected} ${zone} (reçu : ${shown(value, 80)}).`;
      return [diagnostic(ruleIdOf(path, false), pathText(path), text, { field, rule: value === undefined ? 'required' : 'type' })];
    }
    case 'invalid_value':
      return [
        diagnostic(
          ruleIdOf(path, false),
          pathText(path),
          `Le champ « ${field} » vaut ${shown(value, 80)} ${zone} : valeurs admises ${issue.values.map(String).join(', ')} (casse comprise).`,
          { field, rule: 'enum', value: shown(value, 80) },
        ),
      ];
    case 'too_small':
    case 'too_big': {
      const count = Array.isArray(value) ? value.length : 0;
      const text =
        field === 'content'
          ? `L'enveloppe doit porter exactement un élément « content » (reçu : ${count}) : le Hub ne lit que le premier.`
          : `Le champ « ${field} » doit contenir au moins un élément ${zone}.`;
      return [diagnostic(ruleIdOf(path, false), pathText(path), text, { field, rule: 'count', count })];
    }
    default: {
      // invalid_format (pattern) and custom (calendar, UUID) checks: the field decides what the rule is.
      const rule = FORMAT_RULES[field] ?? 'conforme au schéma du Hub';
      return [
        diagnostic(ruleIdOf(path, false), pathText(path), `Le champ « ${field} » doit être ${rule} (reçu : ${shown(value, 80)}).`, {
          field,
          rule: 'format',
          value: shown(value, 80),
        }),
      ];
    }
  }
}

function own(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The rules between fields, which no JSON Schema states (hub-sante.md §2.2–2.3, §4 item 3). */
function crossFieldDiagnostics(envelope: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const distributionId = text(own(envelope, 'distributionID'));
  const senderId = text(own(envelope, 'senderID'));
  const kind = text(own(envelope, 'distributionKind'));
  const status = text(own(envelope, 'distributionStatus'));
  const sent = text(own(envelope, 'dateTimeSent'));
  const expires = text(own(envelope, 'dateTimeExpires'));
  const address = text(own(own(own(envelope, 'descriptor'), 'explicitAddress'), 'explicitAddressValue'));
  const content = own(envelope, 'content');
  const message = own(own(own(Array.isArray(content) ? content[0] : undefined, 'jsonContent'), 'embeddedJsonContent'), 'message');
  const m = (key: string) => own(message, key);

  if (distributionId !== undefined && senderId !== undefined) {
    const cut = distributionId.indexOf('_');
    if (cut < 0 || distributionId.slice(0, cut) !== senderId || cut === distributionId.length - 1) {
      out.push(
        diagnostic(
          'HUB-DISTRIBUTION-ID',
          'distributionID',
          `Le champ « distributionID » (${shown(distributionId, 80)}) doit s'écrire ${senderId}_<identifiant> : le Hub compare ce qui précède le premier « _ » au senderID (erreur 300 sinon).`,
          { field: 'distributionID', value: shown(distributionId, 80), expected: `${senderId}_…` },
        ),
      );
    }
  }
  if (kind !== undefined && kind !== 'Report') {
    out.push(
      diagnostic('HUB-KIND-REPORT', 'distributionKind', `Le champ « distributionKind » vaut ${kind} : un message de rendez-vous (création comme mise à jour) est un Report.`, {
        field: 'distributionKind',
        value: kind,
        expected: 'Report',
      }),
    );
  }
  if (sent !== undefined && expires !== undefined) {
    const from = instantSeconds(sent);
    const to = instantSeconds(expires);
    if (from !== null && to !== null && to <= from) {
      out.push(
        diagnostic('HUB-EXPIRES', 'dateTimeExpires', `Le champ « dateTimeExpires » (${expires}) doit être postérieur à « dateTimeSent » (${sent}) : le Hub ne délivre pas un message expiré (erreur 400).`, {
          field: 'dateTimeExpires',
          value: expires,
          sent,
        }),
      );
    }
  }
  if (message === undefined) return out;

  const messageId = text(m('messageId'));
  if (messageId !== undefined && distributionId !== undefined && messageId !== distributionId) {
    out.push(
      diagnostic('HUB-MESSAGE-ID', `${MESSAGE_PATH}.messageId`, `Le champ « messageId » (${shown(messageId, 80)}) doit reprendre le distributionID de l'enveloppe (${shown(distributionId, 80)}).`, {
        field: 'messageId',
        value: shown(messageId, 80),
        expected: shown(distributionId, 80),
      }),
    );
  }
  // Mirrors are checked against a valid envelope value only: an invalid one has its own diagnostic already.
  const messageKind = text(m('kind'));
  if (messageKind !== undefined && kind !== undefined && (HUB_KINDS as readonly string[]).includes(kind) && messageKind !== kind) {
    out.push(
      diagnostic('HUB-KIND-MIRROR', `${MESSAGE_PATH}.kind`, `Le champ « kind » de l'en-tête RC-DE (${messageKind}) doit reprendre « distributionKind » de l'enveloppe (${kind}).`, {
        field: 'kind',
        value: messageKind,
        expected: kind,
      }),
    );
  }
  const messageStatus = text(m('status'));
  if (messageStatus !== undefined && (status === 'Actual' || status === 'Exercise') && messageStatus !== status) {
    out.push(
      diagnostic('HUB-STATUS-MIRROR', `${MESSAGE_PATH}.status`, `Le champ « status » de l'en-tête RC-DE (${messageStatus}) doit reprendre « distributionStatus » de l'enveloppe (${status}).`, {
        field: 'status',
        value: messageStatus,
        expected: status,
      }),
    );
  }
  const sentAt = text(m('sentAt'));
  // The same string (what buildRdvEnvelope writes) needs no parsing: this runs for every message.
  if (sentAt !== undefined && sent !== undefined && sentAt !== sent && isRdvInstant(sentAt)) {
    const a = instantSeconds(sentAt);
    const b = instantSeconds(sent);
    if (b !== null && a !== b) {
      out.push(
        diagnostic('HUB-SENT-AT', `${MESSAGE_PATH}.sentAt`, `Le champ « sentAt » (${sentAt}) doit désigner le même instant que « dateTimeSent » de l'enveloppe (${sent}).`, {
          field: 'sentAt',
          value: sentAt,
          expected: sent,
        }),
      );
    }
  }
  const sender = m('sender');
  const senderName = text(own(sender, 'name'));
  const senderUri = text(own(sender, 'URI'));
  if (senderName !== undefined && senderUri !== undefined && senderId !== undefined && (senderName !== senderId || senderUri !== `hubex:${senderId}`)) {
    out.push(
      diagnostic(
        'HUB-SENDER',
        `${MESSAGE_PATH}.sender`,
        `L'émetteur RC-DE (« sender » : ${senderName}, ${senderUri}) doit être le senderID de l'enveloppe : name ${senderId}, URI hubex:${senderId}.`,
        { field: 'sender', value: `${senderName} ${senderUri}`, expected: senderId },
      ),
    );
  }
  const recipients = m('recipient');
  if (Array.isArray(recipients) && recipients.length > 0 && address !== undefined) {
    const names = recipients.map((r) => text(own(r, 'name')));
    const uris = recipients.map((r) => text(own(r, 'URI')));
    if (names.every((n) => n !== undefined) && uris.every((u) => u !== undefined)) {
      if (recipients.length !== 1 || names[0] !== address || uris[0] !== `hubex:${address}`) {
        out.push(
          diagnostic(
            'HUB-RECIPIENT',
            `${MESSAGE_PATH}.recipient`,
            `Le destinataire RC-DE (« recipient » : ${names.join(', ')}) doit être le seul SAMU adressé par l'enveloppe : name ${address}, URI hubex:${address} (une enveloppe par SAMU).`,
            { field: 'recipient', value: names.join(', '), expected: address },
          ),
        );
      }
    }
  }
  return out;
}

/**
 * The console's own schema of an RS-SAS-RDV envelope, applied to every message before it is published.
 * Diagnostics (family hub-schema, severity error), [] when the message may be sent. Rule ids:
 * HUB-ENVELOPE (EDXL-DE fields), HUB-CONTENT (content wrapper), HUB-RCDE (RC-DE header), HUB-RDV (the
 * appointment object), HUB-RDV-<FIELD>[-<SUBFIELD>] (one appointment field, e.g. HUB-RDV-START,
 * HUB-RDV-PRACTITIONER-RPPSID), and the cross-field rules HUB-DISTRIBUTION-ID, HUB-MESSAGE-ID,
 * HUB-KIND-REPORT, HUB-KIND-MIRROR, HUB-STATUS-MIRROR, HUB-SENT-AT, HUB-EXPIRES, HUB-SENDER, HUB-RECIPIENT.
 */
export function checkRdvEnvelope(envelope: unknown): Diagnostic[] {
  // Every published message goes through here: the exact answer for a valid message comes from a plain walk;
  // zod, which copies the object and words each issue, runs only for a message that breaks a rule.
  if (isValidRdvEnvelope(envelope) && crossFieldDiagnostics(envelope).length === 0) return [];
  const parsed = rdvEnvelopeSchema.safeParse(envelope);
  const out = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueDiagnostics(issue, envelope));
  const cross = crossFieldDiagnostics(envelope);
  return cross.length === 0 ? out : out.concat(cross);
}

// ---------------------------------------------------------------------------------------------------------
// The same schema as rdvEnvelopeSchema, as a plain walk that only says yes or no. The conformance test's
// mutation sweep holds checkRdvEnvelope (this, then zod) to the official schemas, and rdv-message.test.ts holds
// this walk to the zod schema on every case it has.

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Exactly these keys may be present (additionalProperties false); the required ones must be. */
function keysWithin(o: Obj, allowed: ReadonlySet<string>, required: readonly string[]): boolean {
  for (const k in o) if (!Object.prototype.hasOwnProperty.call(o, k) || !allowed.has(k)) return false;
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const oneOf = (v: unknown, values: readonly string[]) => typeof v === 'string' && values.includes(v);

const K_ENVELOPE = new Set(['distributionID', 'senderID', 'dateTimeSent', 'dateTimeExpires', 'distributionStatus', 'distributionKind', 'descriptor', 'content']);
const K_DESCRIPTOR = new Set(['language', 'explicitAddress']);
const K_ADDRESS = new Set(['explicitAddressScheme', 'explicitAddressValue']);
const K_CONTENT = new Set(['jsonContent']);
const K_JSON = new Set(['embeddedJsonContent']);
const K_EMBEDDED = new Set(['message']);
const K_MESSAGE = new Set(['messageId', 'sender', 'sentAt', 'kind', 'status', 'recipient', 'appointment']);
const K_ADDRESSEE = new Set(['name', 'URI']);
const K_APPOINTMENT = new Set(['appointmentId', 'method', 'created', 'status', 'orientationCategory', 'start', 'end', 'practitioner', 'organization', 'regulator']);
const K_PRACTITIONER = new Set(['rppsId', 'lastName', 'firstName', 'specialityCode', 'specialityUrl', 'professionCode', 'professionUrl']);
const K_ORGANIZATION = new Set(['organizationId', 'name']);
const K_REGULATOR = new Set(['regulatorId', 'regulatorName', 'regulatorFirstname', 'regulatorEmail']);

const isAddressee = (v: unknown) => isObj(v) && keysWithin(v, K_ADDRESSEE, ['name', 'URI']) && isStr(v.name) && isStr(v.URI);
const rdvInstantOk = (v: unknown) => isStr(v) && isRdvInstant(v);

function isValidAppointment(a: unknown): boolean {
  if (!isObj(a) || !keysWithin(a, K_APPOINTMENT, ['appointmentId', 'method', 'created', 'status', 'start', 'regulator'])) return false;
  if (!isStr(a.appointmentId) || !oneOf(a.method, RDV_METHODS) || !rdvInstantOk(a.created) || !oneOf(a.status, RDV_STATUSES)) return false;
  if (a.orientationCategory !== undefined && !oneOf(a.orientationCategory, ORIENTATION_CATEGORIES)) return false;
  if (!rdvInstantOk(a.start) || (a.end !== undefined && !rdvInstantOk(a.end))) return false;
  const p = a.practitioner;
  if (p !== undefined) {
    if (!isObj(p) || !keysWithin(p, K_PRACTITIONER, ['rppsId', 'lastName', 'firstName'])) return false;
    if (!isStr(p.rppsId) || !HUB_RPPS_ID.test(p.rppsId) || !isStr(p.lastName) || !isStr(p.firstName)) return false;
    if (!optStr(p.specialityCode) || !optStr(p.specialityUrl) || !optStr(p.professionCode) || !optStr(p.professionUrl)) return false;
  }
  const o = a.organization;
  if (o !== undefined && (!isObj(o) || !keysWithin(o, K_ORGANIZATION, ['organizationId', 'name']) || !isStr(o.organizationId) || !isStr(o.name))) return false;
  const r = a.regulator;
  if (!isObj(r) || !keysWithin(r, K_REGULATOR, ['regulatorName', 'regulatorFirstname', 'regulatorEmail'])) return false;
  if (r.regulatorId !== undefined && (!isStr(r.regulatorId) || TECHNICAL_UUID.test(r.regulatorId))) return false;
  return isStr(r.regulatorName) && isStr(r.regulatorFirstname) && isStr(r.regulatorEmail);
}

/** rdvEnvelopeSchema as a yes/no walk (no copy, no messages). */
export function isValidRdvEnvelope(e: unknown): boolean {
  if (!isObj(e) || !keysWithin(e, K_ENVELOPE, [...K_ENVELOPE])) return false;
  if (!isStr(e.distributionID) || !isStr(e.senderID)) return false;
  if (!isStr(e.dateTimeSent) || !isHubDateTime(e.dateTimeSent) || !isStr(e.dateTimeExpires) || !isHubDateTime(e.dateTimeExpires)) return false;
  if (!oneOf(e.distributionStatus, ['Actual', 'Exercise']) || !oneOf(e.distributionKind, HUB_KINDS)) return false;
  const d = e.descriptor;
  if (!isObj(d) || !keysWithin(d, K_DESCRIPTOR, ['language', 'explicitAddress']) || !isStr(d.language)) return false;
  const x = d.explicitAddress;
  if (!isObj(x) || !keysWithin(x, K_ADDRESS, ['explicitAddressScheme', 'explicitAddressValue']) || !isStr(x.explicitAddressScheme) || !isStr(x.explicitAddressValue)) return false;
  const c = e.content;
  if (!Array.isArray(c) || c.length !== 1) return false;
  const item = c[0];
  if (!isObj(item) || !keysWithin(item, K_CONTENT, ['jsonContent'])) return false;
  const json = item.jsonContent;
  if (!isObj(json) || !keysWithin(json, K_JSON, ['embeddedJsonContent'])) return false;
  const embedded = json.embeddedJsonContent;
  if (!isObj(embedded) || !keysWithin(embedded, K_EMBEDDED, ['message'])) return false;
  const m = embedded.message;
  if (!isObj(m) || !keysWithin(m, K_MESSAGE, [...K_MESSAGE])) return false;
  if (!isStr(m.messageId) || !isAddressee(m.sender) || !rdvInstantOk(m.sentAt) || !oneOf(m.kind, HUB_KINDS)) return false;
  if (!oneOf(m.status, ['Actual', 'Exercise', 'System'])) return false;
  if (!Array.isArray(m.recipient) || m.recipient.length < 1) return false;
  // An index loop, not every(): every() skips the holes of a sparse array.
  for (let i = 0; i < m.recipient.length; i++) if (!isAddressee(m.recipient[i])) return false;
  return isValidAppointment(m.appointment);
}
