import { type Finding, finding } from './findings';
import {
  CS_FR_V2_0203,
  EXT_APPOINTMENT_OPERATOR,
  EXT_ORIENTATION_CATEGORY,
  FHIR_APPOINTMENT_STATUSES,
  ORIENTATION_CODES,
  SAS_APPOINTMENT_STATUSES,
  SAS_PARTICIPANT_STATUSES,
  SYSTEM_IDNPS,
  SYSTEM_SAS_REGULATOR,
} from './ig';
import { asArray, type JsonObject, obj, shown, str } from './json';
import { chooseAppointmentProfile, PROFILE_URLS, type ProfileChoice } from './appointment-profile';
import { isPrefixedPractitionerId, UUID } from '../domain/identifiers';
import { parseDateTime, parseInstant } from '../domain/instant';

export interface AppointmentCheck {
  choice: ProfileChoice;
  findings: Finding[];
}

const OPERATOR = `Appointment.extension.where(url='${EXT_APPOINTMENT_OPERATOR}')`;
const ORIENTATION = `Appointment.extension.where(url='${EXT_ORIENTATION_CATEGORY}')`;

/**
 * The built-in SAS rules for INT_R03 (spec §6.3–6.5). Always on, independent of any IG package.
 * Returns every finding rather than stopping at the first, so editors fix everything in one round.
 */
export function checkAppointment(resource: JsonObject): AppointmentCheck {
  const choice = chooseAppointmentProfile(resource);
  const sos = choice.profile === 'sas-sos-appointment';
  const out: Finding[] = [];

  out.push(finding('APT-PROFILE-APPLIED', 'information', 'informational', 'Appointment.meta.profile', {
    profile: PROFILE_URLS[choice.profile],
  }));
  if (!choice.declared) {
    out.push(finding('APT-PROFILE-UNKNOWN', 'warning', 'informational', 'Appointment.meta.profile', {
      given: choice.declaredUrls.join(', ') || '—',
    }));
  }

  checkIdentifier(resource, out);
  checkStatus(resource, out);
  checkPeriod(resource, out);
  checkOperator(resource, out);
  checkParticipants(resource, sos, out);
  checkExtensions(resource, sos, out);
  return { choice, findings: out };
}

function checkIdentifier(r: JsonObject, out: Finding[]): void {
  const ids = asArray(r.identifier);
  if (ids.length !== 1) {
    out.push(finding('APT-IDENTIFIER-CARDINALITY', 'error', 'required', 'Appointment.identifier', { count: ids.length }));
    if (ids.length === 0) return;
  }
  const id = obj(ids[0]) ?? {};
  const system = str(id.system);
  if (!system) out.push(finding('APT-IDENTIFIER-SYSTEM', 'error', 'required', 'Appointment.identifier[0].system'));
  else if (/^\d+(\.\d+)+$/.test(system)) {
    out.push(finding('APT-IDENTIFIER-OID', 'error', 'value', 'Appointment.identifier[0].system', { system }));
  }
  if (!str(id.value)) out.push(finding('APT-IDENTIFIER-VALUE', 'error', 'required', 'Appointment.identifier[0].value'));
}

function checkStatus(r: JsonObject, out: Finding[]): void {
  const status = str(r.status);
  if (!status) {
    out.push(finding('APT-STATUS-REQUIRED', 'error', 'required', 'Appointment.status'));
  } else if (!(FHIR_APPOINTMENT_STATUSES as readonly string[]).includes(status)) {
    out.push(finding('APT-STATUS-CODE', 'error', 'code-invalid', 'Appointment.status', { status }));
  } else if (!(SAS_APPOINTMENT_STATUSES as readonly string[]).includes(status)) {
    out.push(finding('APT-STATUS-SAS', 'warning', 'business-rule', 'Appointment.status', { status }));
  }
}

function checkPeriod(r: JsonObject, out: Finding[]): void {
  const start = checkInstant(r.start, 'Appointment.start', 'APT-START-REQUIRED', out);
  const end = checkInstant(r.end, 'Appointment.end', 'APT-END-REQUIRED', out);
  if (start !== null && end !== null && start > end) {
    out.push(finding('APT-START-AFTER-END', 'error', 'business-rule', 'Appointment.start', {
      start: shown(r.start),
      end: shown(r.end),
    }));
  }
  if (r.created === undefined) {
    out.push(finding('APT-CREATED-MISSING', 'warning', 'required', 'Appointment.created'));
  } else if (parseDateTime(r.created) === null) {
    out.push(finding('APT-CREATED-FORMAT', 'error', 'value', 'Appointment.created', { value: shown(r.created) }));
  }
}

function checkInstant(
  value: unknown,
  path: string,
  missing: 'APT-START-REQUIRED' | 'APT-END-REQUIRED',
  out: Finding[],
): number | null {
  if (value === undefined || value === null || value === '') {
    out.push(finding(missing, 'error', 'required', path));
    return null;
  }
  const ms = parseInstant(value);
  if (ms === null) out.push(finding('APT-INSTANT-FORMAT', 'error', 'value', path, { value: shown(value) }));
  return ms;
}

function checkOperator(r: JsonObject, out: Finding[]): void {
  const ops = asArray(r.extension).filter((e) => obj(e)?.url === EXT_APPOINTMENT_OPERATOR);
  if (ops.length !== 1) {
    out.push(finding('APT-OPERATOR-CARDINALITY', 'error', 'required', OPERATOR, { count: ops.length }));
    if (ops.length === 0) return;
  }
  const identifier = obj(obj(obj(ops[0])?.valueReference)?.identifier);
  if (!identifier) {
    out.push(finding('APT-OPERATOR-VALUE', 'error', 'required', `${OPERATOR}.value.identifier`));
    return;
  }
  const codings = asArray(obj(identifier.type)?.coding).map(obj);
  const coding = codings.find((c) => c?.system === CS_FR_V2_0203 && (c.code === 'IDNPS' || c.code === 'INTRN'));
  const system = str(identifier.system) ?? '';
  const value = str(identifier.value);
  if (!coding || codings.length !== 1) {
    out.push(finding('APT-OPERATOR-TYPE', 'error', 'code-invalid', `${OPERATOR}.value.identifier.type`));
  } else {
    const type = coding.code as 'IDNPS' | 'INTRN';
    const expected = type === 'IDNPS' ? SYSTEM_IDNPS : SYSTEM_SAS_REGULATOR;
    if (system !== expected) {
      out.push(finding('APT-OPERATOR-SYSTEM', 'error', 'value', `${OPERATOR}.value.identifier.system`, {
        type,
        expected,
        system,
      }));
    }
    if (type === 'INTRN' && value && !UUID.test(value)) {
      out.push(finding('APT-OPERATOR-INTRN-UUID', 'warning', 'value', `${OPERATOR}.value.identifier.value`, { value }));
    }
  }
  if (!value) out.push(finding('APT-OPERATOR-VALUE-MISSING', 'error', 'required', `${OPERATOR}.value.identifier.value`));
}

function checkParticipants(r: JsonObject, sos: boolean, out: Finding[]): void {
  const participants = asArray(r.participant);
  if (participants.length === 0) {
    out.push(finding('APT-PARTICIPANT-REQUIRED', 'error', 'required', 'Appointment.participant'));
    return;
  }
  let practitionerFound = false;
  participants.forEach((raw, i) => {
    const p = obj(raw) ?? {};
    const path = `Appointment.participant[${i}]`;
    const actor = obj(p.actor);
    if (!actor && asArray(p.type).length === 0) {
      out.push(finding('APT-PARTICIPANT-TYPE-OR-ACTOR', 'error', 'structure', path));
    }
    const status = str(p.status);
    if (!status || !(SAS_PARTICIPANT_STATUSES as readonly string[]).includes(status)) {
      out.push(finding('APT-PARTICIPANT-STATUS', 'error', 'code-invalid', `${path}.status`, { status: status ?? '—' }));
    }
    const identifier = obj(actor?.identifier);
    // SOS appointments may leave the practitioner unknown; an identifier, when sent, is still checked.
    if (!identifier) return;
    const system = str(identifier.system) ?? '';
    const value = str(identifier.value) ?? '';
    const isIdnps = asArray(obj(identifier.type)?.coding).some(
      (c) => obj(c)?.system === CS_FR_V2_0203 && obj(c)?.code === 'IDNPS',
    );
    if (!isIdnps && system !== SYSTEM_IDNPS) return; // another kind of actor (structure, place…)
    practitionerFound = true;
    const idPath = `${path}.actor.identifier`;
    if (!isIdnps) out.push(finding('APT-PARTICIPANT-IDNPS-TYPE', 'error', 'code-invalid', `${idPath}.type`));
    if (system !== SYSTEM_IDNPS) {
      out.push(finding('APT-PARTICIPANT-IDNPS-SYSTEM', 'error', 'value', `${idPath}.system`, { system }));
    }
    if (!isPrefixedPractitionerId(value)) {
      out.push(finding('APT-PARTICIPANT-IDNPS-VALUE', 'error', 'value', `${idPath}.value`, { value }));
    }
  });
  if (!sos && !practitionerFound) {
    out.push(finding('APT-PARTICIPANT-IDNPS-MISSING', 'error', 'required', 'Appointment.participant.actor.identifier'));
  }
}

function checkExtensions(r: JsonObject, sos: boolean, out: Finding[]): void {
  asArray(r.extension).forEach((raw, i) => {
    const ext = obj(raw);
    const url = str(ext?.url);
    if (!ext || !url || url === EXT_APPOINTMENT_OPERATOR) return;
    if (url === EXT_ORIENTATION_CATEGORY) {
      const codings = asArray(obj(ext.valueCodeableConcept)?.coding).map(obj);
      const known = codings.some((c) =>
        ORIENTATION_CODES.some((o) => o.system === c?.system && o.code === c?.code),
      );
      if (!known) {
        const c = codings[0];
        out.push(finding('APT-ORIENTATION-CODE', 'error', 'code-invalid', `${ORIENTATION}.value`, {
          system: str(c?.system) ?? '—',
          code: str(c?.code) ?? '—',
        }));
      }
      if (sos) out.push(finding('APT-ORIENTATION-SOS', 'warning', 'business-rule', ORIENTATION));
      return;
    }
    if (sos) {
      out.push(finding('APT-EXTENSION-SOS-EXTRA', 'error', 'structure', `Appointment.extension[${i}]`, { url }));
    }
  });
}
