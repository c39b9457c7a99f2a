// What a transmission will carry and where it goes: the appointment's latest version, completed with what an
// INT_R03 Appointment lacks (the regulator's name and e-mail from the registry, the practitioner's and the
// structure's names from the directory) and routed to a SAMU. When something required is missing, the
// reasons come back instead, each naming what to fix; nothing is ever sent incomplete.
import type { AppointmentStore } from '../appointments/appointment-store';
import type { RegulatorStore } from '../regulators/regulator-store';
import type { DirectoryStore } from './directory-store';
import type { RouteStore } from './route-store';
import type { BlockReason, RouteExplanation } from '../../../shared/api/hub-api';
import type { Regulator } from '../../../shared/regulators/regulator-types';
import { HUB_RPPS_ID, type OrientationCategory, type RdvMessageInput, rdvStatus } from '../../../shared/hub/rdv-message';
import { departmentOfPostalCode } from '../../../shared/hub/department';
import type { JsonObject } from '../../../shared/fhir/json';
import { deriveOrientation } from '../../../shared/fhir/appointment-derive';
import { UUID } from '../../../shared/domain/identifiers';

export type AppointmentContent = RdvMessageInput['appointment'];

export type Assembly =
  | { ok: true; samu: string; content: Omit<AppointmentContent, 'method'>; route: RouteExplanation }
  | { ok: false; samu: string | null; reasons: BlockReason[]; route: RouteExplanation };

export interface AssemblyDeps {
  appointments: AppointmentStore;
  regulators: RegulatorStore;
  directory: DirectoryStore;
  routes: RouteStore;
}

function orientationOf(resource: JsonObject, category: string): string {
  return deriveOrientation(resource) ?? category;
}

/** The registry entry an appointment's operator identifier names: the SAS technical id (UUID) or the IDNPS. */
export function regulatorOf(regulators: RegulatorStore, regulatorId: string | null): Regulator | null {
  if (!regulatorId) return null;
  if (UUID.test(regulatorId)) return regulators.get(regulatorId.toLowerCase()) ?? regulators.byNationalId(regulatorId);
  return regulators.byNationalId(regulatorId);
}

export class TransmissionAssembler {
  /** Lookups shared by the messages of one batch (one transaction): most appointments share regulators and practitioners. */
  private cache: Map<string, unknown> | null = null;

  constructor(private readonly deps: AssemblyDeps) {}

  /** Runs `fn` with registry and directory lookups memoised; call inside the transaction that reads them. */
  batch<T>(fn: () => T): T {
    this.cache = new Map();
    try {
      return fn();
    } finally {
      this.cache = null;
    }
  }

  private memo<T>(key: string, read: () => T): T {
    if (!this.cache) return read();
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = read();
    this.cache.set(key, value);
    return value;
  }

  /** Where an appointment goes, in the console's order: an editor override, a department override, the regulator's SAMU. */
  route(appointmentIdOrIdentifier: string): RouteExplanation | null {
    // Support staff usually hold the editor's identifier, not the console's id: either finds the appointment.
    const row = this.deps.appointments.getRow(appointmentIdOrIdentifier)
      ?? (() => {
        const found = this.deps.appointments.findByIdentifier(null, appointmentIdOrIdentifier);
        return found.length === 1 ? found[0] : null;
      })();
    if (!row) return null;
    return this.explain(row.id, row.editor, row.practitionerId, row.organisationId, row.regulatorId).route;
  }

  private explain(appointmentId: string, editor: string, practitionerId: string | null, organisationId: string | null, regulatorId: string | null) {
    const { routes, directory, regulators } = this.deps;
    const steps: RouteExplanation['steps'] = [];
    const byEditor = routes.find('editor', editor);
    steps.push({ rule: 'editor-override', matched: !!byEditor, detail: { editor, ...(byEditor ? { samu: byEditor.samu, ruleId: String(byEditor.id) } : {}) } });
    const practitioner = practitionerId ? this.memo(`p:${practitionerId}`, () => directory.get('practitioner', practitionerId)) : null;
    const organization = organisationId ? this.memo(`o:${organisationId}`, () => directory.get('organization', organisationId)) : null;
    const postalCode = practitioner?.postalCode ?? organization?.postalCode ?? null;
    const department = departmentOfPostalCode(postalCode);
    const byDepartment = !byEditor && department ? routes.find('department', department) : null;
    steps.push({
      rule: 'department-override',
      matched: !!byDepartment,
      detail: { ...(department ? { department } : {}), ...(postalCode ? { postalCode } : {}), ...(byDepartment ? { samu: byDepartment.samu, ruleId: String(byDepartment.id) } : {}) },
    });
    const regulator = regulatorId ? this.memo(`r:${regulatorId}`, () => regulatorOf(regulators, regulatorId)) : null;
    const fromRegulator = !byEditor && !byDepartment ? regulator?.samu ?? null : null;
    steps.push({
      rule: 'regulator',
      matched: !!fromRegulator,
      detail: {
        ...(regulatorId ? { regulatorId } : {}),
        ...(regulator ? { regulator: `${regulator.givenName} ${regulator.familyName}` } : {}),
        ...(regulator?.samu ? { samu: regulator.samu } : {}),
      },
    });
    const samu = byEditor?.samu ?? byDepartment?.samu ?? fromRegulator;
    const decidedBy: RouteExplanation['decidedBy'] = byEditor ? 'editor-override' : byDepartment ? 'department-override' : fromRegulator ? 'regulator' : 'none';
    const route: RouteExplanation = { appointmentId, samu, decidedBy, steps, blocked: [] };
    return { route, regulator, practitioner, organization };
  }

  /** The content of the next message for the appointment's latest version, or why it cannot be sent. */
  assemble(appointmentId: string, version: number): Assembly {
    const { appointments } = this.deps;
    const view = appointments.hubView(appointmentId);
    if (!view || view.version < version) {
      const route: RouteExplanation = { appointmentId, samu: null, decidedBy: 'none', steps: [], blocked: [{ code: 'message.invalid', params: { detail: 'appointment-missing' } }] };
      return { ok: false, samu: null, reasons: route.blocked, route };
    }
    const { route, regulator, practitioner, organization } = this.explain(appointmentId, view.editor, view.practitionerId, view.organisationId, view.regulatorId);
    const reasons: BlockReason[] = [];
    if (!view.regulatorId) reasons.push({ code: 'regulator.missing' });
    else if (!regulator) reasons.push({ code: 'regulator.unknown', params: { id: view.regulatorId } });
    else if (!regulator.email) reasons.push({ code: 'regulator.no-email', params: { id: regulator.technicalId } });
    else if (!regulator.familyName || !regulator.givenName) reasons.push({ code: 'regulator.no-name', params: { id: regulator.technicalId } });
    if (!route.samu) reasons.push({ code: 'route.none', params: view.regulatorId ? { regulatorId: view.regulatorId } : {} });

    const startUtc = view.startUtc;
    if (startUtc === null) reasons.push({ code: 'appointment.no-start' });
    const status = rdvStatus(view.status);
    if (!status) reasons.push({ code: 'appointment.status', params: { status: view.status } });
    // Appointment.created is when it was booked; an editor that leaves it out gets its first receipt by the
    // SAS instead (the closest fact the console holds), since RS-SAS-RDV requires one.
    const createdUtc = view.createdUtc ?? view.firstReceivedUtc;
    // Rows stored before the orientation was derived at ingest: read it from the resource.
    const orientation = (view.orientation ?? (() => {
      const resource = appointments.versionResource(appointmentId, view.version);
      return resource ? orientationOf(resource, view.category) : view.category;
    })()) as OrientationCategory | null;

    // rppsId is 8+RPPS only: an ADELI practitioner is not named (the structure, when any, is).
    const rpps = view.practitionerId && HUB_RPPS_ID.test(view.practitionerId) ? view.practitionerId : null;
    let practitionerPart: AppointmentContent['practitioner'] = null;
    if (rpps) {
      if (!practitioner?.name || !practitioner.firstName) reasons.push({ code: 'practitioner.unknown', params: { id: rpps } });
      else {
        practitionerPart = {
          rppsId: rpps,
          lastName: practitioner.name,
          firstName: practitioner.firstName,
          specialityCode: practitioner.specialtyCode,
          professionCode: practitioner.professionCode,
        };
      }
    }
    let organizationPart: AppointmentContent['organization'] = null;
    if (view.organisationId) {
      if (organization?.name) organizationPart = { organizationId: view.organisationId, name: organization.name };
      // The structure is only required when it is the one "who" of the appointment (no practitioner named).
      else if (!rpps) reasons.push({ code: 'organization.unknown', params: { id: view.organisationId } });
    }
    route.blocked = reasons;
    if (reasons.length > 0 || !regulator || !route.samu || startUtc === null || !status) {
      return { ok: false, samu: route.samu, reasons, route };
    }
    return {
      ok: true,
      samu: route.samu,
      route,
      content: {
        appointmentId,
        createdUtc,
        startUtc,
        endUtc: view.endUtc,
        status,
        orientationCategory: orientation,
        practitioner: practitionerPart,
        organization: organizationPart,
        regulator: { regulatorId: regulator.nationalId, name: regulator.familyName, firstName: regulator.givenName, email: regulator.email },
      },
    };
  }
}
