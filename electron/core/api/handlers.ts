import type { OperationInput, OperationName, OperationResult } from '../../../shared/api/contract';
import type { Core } from '../core';
import { generateDemoAppointments } from '../demo/demo-generator';
import { postDemo } from '../demo/post-demo';
import { ApiError } from './api-error';
import { testConnection } from '../editors/connection-test';

export type Handlers = { [N in OperationName]: (input: OperationInput<N>) => Promise<OperationResult<N>> | OperationResult<N> };

/** The one handler table both transports serve. Inputs are already parsed by the contract schemas. */
export function createHandlers(core: Core): Handlers {
  return {
    'system.info': () => core.info(),
    'appointments.list': ({ filter, sort, offset, limit }) => core.appointments.list(filter, sort, offset, limit),
    'appointments.count': ({ filter }) => core.appointments.count(filter),
    'appointments.editors': () => core.appointments.editors(),
    'appointments.get': ({ id }) => {
      const row = core.appointments.getRow(id);
      if (!row) return null;
      return { row, versions: core.appointments.versions(id), exchanges: core.journal.forAppointment(id) };
    },
    'appointments.version': ({ id, version }) => {
      const resource = core.appointments.versionResource(id, version);
      return resource ? { resource } : null;
    },
    'appointments.stats': ({ filter }) => core.appointments.stats(filter),
    'exports.start': ({ format, filter, sort }) => core.exports.start(format, filter, sort),
    'exports.status': ({ id }) => core.exports.status(id),
    'journal.list': ({ filter, offset, limit }) => core.journal.list(filter, offset, limit),
    'journal.get': ({ id }) => core.journal.get(id),
    'settings.get': () => core.settings.get(),
    'settings.update': async (patch) => {
      const next = core.settings.update(patch);
      await core.apply();
      return next;
    },
    'editors.list': () => core.editors.list().map((e) => core.editors.view(e)),
    'editors.save': (input) => core.editors.view(core.editors.save(input)),
    'editors.remove': ({ id }) => core.editors.remove(id),
    'editors.test': async ({ id }) => {
      const editor = core.editors.get(id);
      if (!editor) throw new ApiError('not-found', 'Éditeur introuvable.');
      return testConnection(core.editors, editor);
    },
    'editors.vault': () => ({ canSeal: core.vault.canSeal }),
    'slots.search': (input) => core.slots.start(input),
    'slots.run': ({ id }) => core.slots.run(id),
    'slots.runs': ({ offset, limit }) => core.slots.runs(offset, limit),
    'slots.result': ({ runId, editorId }) => core.slots.result(runId, editorId),
    'slots.rerun': ({ id }) => core.slots.rerun(id),
    'slots.cancel': ({ id }) => core.slots.cancel(id),
    'slots.compare': ({ a, b }) => core.slots.compare(a, b),
    'slots.export': ({ id }) => core.slots.exportRun(id),
    'demo.load': async ({ count }) => {
      const gateway = core.info().gateway;
      if (!gateway.listening || !gateway.url) {
        throw new ApiError('unavailable', 'La passerelle rendez-vous est arrêtée : activez-la dans Paramètres pour charger des données de démonstration.');
      }
      if (gateway.mtls) {
        throw new ApiError('unavailable', 'La passerelle exige un certificat client (mTLS) : les données de démonstration ne peuvent être envoyées que sur une passerelle HTTP locale.');
      }
      return postDemo(gateway.url, generateDemoAppointments(count));
    },
  };
}
