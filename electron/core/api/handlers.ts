import type { OperationInput, OperationName, OperationResult } from '../../../shared/api/contract';
import { OPERATIONS } from '../../../shared/api/operations';
import type { SettingsPatch } from '../../../shared/api/settings';
import type { Core } from '../core';
import { registerDemoEditors } from '../demo/demo-editors';
import { generateDemoAppointments } from '../demo/demo-generator';
import { postDemo } from '../demo/post-demo';
import { ApiError } from './api-error';
import { REVIEW_REFUSAL } from '../review/review-copy';
import { testConnection } from '../editors/connection-test';
import { pinnedFieldsChanged, SECURITY_NOTICES, securityChanges } from '../settings/security-changes';
import { certificateOwner, editorOwner } from '../editors/editor-directory';

export type Handlers = { [N in OperationName]: (input: OperationInput<N>) => Promise<OperationResult<N>> | OperationResult<N> };

/**
 * The one handler table both transports serve. Inputs are already parsed by the contract schemas. A command
 * that succeeds tells the event stream which topics it changed (its contract metadata).
 */
export function createHandlers(core: Core): Handlers {
  const table = createTable(core);
  for (const name of Object.keys(table) as OperationName[]) {
    const meta = OPERATIONS[name];
    if (core.review && meta.kind === 'command') {
      // Refused by the core, whatever the transport or the page: a package is evidence, never changed.
      (table as Record<string, (input: unknown) => unknown>)[name] = () => {
        throw new ApiError('forbidden', REVIEW_REFUSAL);
      };
      continue;
    }
    if (meta.kind !== 'command' || meta.topics.length === 0) continue;
    const run = table[name] as (input: unknown) => unknown;
    (table as Record<string, (input: unknown) => Promise<unknown>>)[name] = async (input: unknown) => {
      const result = await run(input);
      for (const t of meta.topics) core.events.emit(t);
      return result;
    };
  }
  return table;
}

function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
}

function createTable(core: Core): Handlers {
  /**
   * Runs an operator command and records it in the audit trail: who, what, before and after, and whether it
   * was done, refused or failed (a refused command is as telling as a done one).
   */
  const audited = async <T,>(
    action: string,
    target: string | null,
    run: () => Promise<T> | T,
    describe: { before?: unknown; after?: (result: T) => unknown; security?: boolean; detail?: string; describeResult?: (result: T) => string | undefined } = {},
  ): Promise<T> => {
    try {
      const result = await run();
      core.audit.record({
        actor: core.operator(),
        action,
        target,
        outcome: 'ok',
        security: describe.security,
        before: describe.before,
        after: describe.after ? describe.after(result) : undefined,
        detail: describe.describeResult?.(result) ?? describe.detail,
      });
      return result;
    } catch (e) {
      core.audit.record({
        actor: core.operator(),
        action,
        target,
        outcome: e instanceof ApiError && e.code !== 'internal' ? 'refused' : 'failed',
        security: describe.security,
        before: describe.before,
        detail: (e as Error).message,
      });
      throw e;
    }
  };

  const editorView = (id: string) => {
    const e = core.editors.get(id);
    return e ? core.editors.view(e) : null;
  };

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
    'exports.start': (input) => audited('exports.start', null, () => core.exports.start(input.format, input.filter, input.sort), {
      after: (job) => ({ id: job.id, format: input.format, filter: input.filter }),
    }),
    'exports.status': ({ id }) => core.exports.status(id),
    'journal.list': ({ filter, offset, limit }) => core.journal.list(filter, offset, limit),
    'journal.get': ({ id }) => core.journal.get(id),
    'audit.list': ({ filter, offset, limit }) => core.audit.list(filter, offset, limit),
    'settings.get': () => core.effectiveSettings(),
    'settings.update': async ({ confirmSecurityChanges, ...patch }) => {
      const before = core.effectiveSettings();
      const after = core.settings.merge(patch as SettingsPatch, before);
      const changes = securityChanges(before, after);
      return audited(
        'settings.update',
        null,
        async () => {
          const pinned = core.options.pinnedGateway ? pinnedFieldsChanged(core.options.pinnedGateway, after.gateway) : [];
          if (pinned.length) {
            throw new ApiError(
              'forbidden',
              `Ces réglages de la passerelle sont fixés par la ligne de commande de cette console (${pinned.join(', ')}) : redémarrez-la avec d'autres options pour les changer.`,
              { fields: pinned },
            );
          }
          if (changes.length && !confirmSecurityChanges) {
            throw new ApiError(
              'confirmation-required',
              `Changement de sécurité à confirmer : ${changes.map((c) => SECURITY_NOTICES[c]).join(' ; ')}.`,
              { changes },
            );
          }
          core.settings.update(patch as SettingsPatch);
          await core.apply();
          const next = core.effectiveSettings();
          for (const c of changes) core.options.onSecurityNotice?.(`Sécurité : ${SECURITY_NOTICES[c]} (confirmé par ${core.operator()}).`);
          return next;
        },
        { before, after: (r) => r, security: changes.length > 0, detail: changes.length ? changes.map((c) => SECURITY_NOTICES[c]).join(' ; ') : undefined },
      );
    },
    'store.check': () => audited('store.check', core.info().store.file, () => core.checkStore(), { after: (r) => r }),
    'editors.list': () => core.editors.list().map((e) => core.editors.view(e)),
    'editors.save': (input) => {
      const before = input.id ? editorView(input.id) : null;
      let adopted = 0;
      return audited(
        input.id ? 'editors.update' : 'editors.create',
        input.id ?? input.name,
        () => {
          const saved = core.db.transaction(() => {
            const record = core.editors.save(input);
            // Appointments an unregistered certificate created become its editor's once that certificate is registered.
            const known = new Set(before?.inboundCertificates.map((c) => c.fingerprint256) ?? []);
            const added = record.inboundCertificates.filter((c) => !known.has(c.fingerprint256)).map((c) => certificateOwner(c.fingerprint256));
            adopted = core.appointments.reassignOwner(added, editorOwner(record.id));
            return record;
          })();
          return core.editors.view(saved);
        },
        { before: before ?? undefined, after: (r) => r, describeResult: () => (adopted ? `${adopted} rendez-vous de ses certificats rattachés` : undefined) },
      );
    },
    'editors.remove': ({ id }) => {
      const before = editorView(id);
      return audited('editors.remove', before?.name ?? id, () => {
        const owned = core.appointments.countOwned(editorOwner(id));
        if (owned > 0) {
          throw new ApiError(
            'conflict',
            `${owned} rendez-vous appartiennent à l'éditeur « ${before?.name ?? id} » : le supprimer les rendrait inaccessibles à son logiciel. Retirez plutôt ses certificats entrants, ou désactivez-le.`,
          );
        }
        return core.editors.remove(id);
      }, { before: before ?? undefined });
    },
    'editors.test': async ({ id }) => {
      const editor = core.editors.get(id);
      if (!editor) throw new ApiError('not-found', 'Éditeur introuvable.');
      return testConnection(core.editors, editor);
    },
    'editors.vault': () => ({ canSeal: core.vault.canSeal }),
    'slots.search': (input) => audited('slots.search', input.ids.join(', '), () => core.slots.start(input), { after: (r) => ({ runId: r.id, input }) }),
    'slots.run': ({ id }) => core.slots.run(id),
    'slots.runs': ({ offset, limit }) => core.slots.runs(offset, limit),
    'slots.result': ({ runId, editorId }) => core.slots.result(runId, editorId),
    'slots.rerun': ({ id }) => audited('slots.rerun', id, () => core.slots.rerun(id), { after: (r) => ({ runId: r.id }) }),
    'slots.cancel': ({ id }) => audited('slots.cancel', id, () => core.slots.cancel(id)),
    'slots.compare': ({ a, b }) => core.slots.compare(a, b),
    'slots.export': ({ id }) => core.slots.exportRun(id),
    'regulators.list': ({ filter, offset, limit }) => core.regulators.list(filter, offset, limit),
    'regulators.get': ({ technicalId }) => core.regulators.get(technicalId),
    'regulators.save': ({ confirmRevocation, ...input }) => {
      const before = input.technicalId ? core.regulatorStore.get(input.technicalId) : null;
      return audited(
        before ? 'regulators.update' : 'regulators.create',
        before ? `${before.givenName} ${before.familyName} (${before.technicalId})` : `${input.givenName} ${input.familyName}`,
        () => {
          if (before?.active && !input.active && !confirmRevocation) {
            const plan = core.regulators.plan({ action: 'revoke', target: { technicalIds: [before.technicalId] } });
            throw new ApiError(
              'confirmation-required',
              `Retirer l'habilitation de ${before.givenName} ${before.familyName} envoie tout de suite ${plan.requests} requête(s) de désactivation à ${plan.perEditor.length} éditeur(s) : confirmez.`,
              { plan },
            );
          }
          return core.regulators.save(input).result.regulator;
        },
        { before: before ?? undefined, after: (r) => r },
      );
    },
    'regulators.importPreview': ({ csvBase64 }) => core.regulators.importPreview(decodeBase64(csvBase64)),
    'regulators.import': ({ csvBase64 }) =>
      audited('regulators.import', null, () => core.regulators.import(decodeBase64(csvBase64)), {
        after: (r) => r,
        describeResult: (r) => `${r.created} créé(s), ${r.updated} modifié(s), ${r.unchanged} inchangé(s)`,
      }),
    'regulators.export': ({ filter }) => core.regulators.export(filter),
    'hub.status': () => core.hub.status(),
    'hub.connection': () => core.hub.connection.view(),
    'hub.saveConnection': ({ connection }) => {
      const before = core.hub.connection.view();
      return audited('hub.saveConnection', connection.url, () => core.hub.saveConnection(connection), {
        before,
        after: (v) => v,
        security: true,
        detail: `Hub Santé : ${connection.enabled ? 'activé' : 'désactivé'}, ${connection.clientId} sur ${connection.url}`,
      });
    },
    'hub.test': () => core.hub.testConnection(),
    'hub.orphans': ({ offset, limit }) => core.hub.store.orphans(offset, limit),
    'routes.list': () => core.hub.routes.list(),
    'routes.save': ({ route }) => {
      const before = route.id ? core.hub.routes.list().find((r) => r.id === route.id) ?? null : null;
      return audited('routes.save', `${route.kind}:${route.match}`, () => core.hub.routes.save(route), { before, after: (r) => r });
    },
    'routes.remove': ({ id }) => {
      const before = core.hub.routes.list().find((r) => r.id === id) ?? null;
      return audited('routes.remove', before ? `${before.kind}:${before.match}` : String(id), () => core.hub.routes.remove(id), { before });
    },
    'routes.explain': ({ appointmentId }) => core.hub.assembler.route(appointmentId),
    'directory.list': ({ filter, offset, limit }) => core.hub.directory.list(filter, offset, limit),
    'directory.save': ({ entry }) => {
      const before = core.hub.directory.get(entry.kind, entry.id);
      return audited('directory.save', entry.id, () => core.hubDirectory.save(entry, core.operator()), { before, after: (r) => r });
    },
    'directory.remove': ({ kind, id }) => {
      const before = core.hub.directory.get(kind, id);
      return audited('directory.remove', id, () => core.hub.directory.remove(kind, id), { before });
    },
    'directory.importPreview': ({ csvBase64 }) => core.hubDirectory.importPreview(decodeBase64(csvBase64)),
    'directory.import': ({ csvBase64, fileName }) =>
      audited('directory.import', fileName ?? null, () => core.hubDirectory.import(decodeBase64(csvBase64), fileName ?? null), {
        after: (r) => r,
        describeResult: (r) => `${r.created} créée(s), ${r.updated} modifiée(s)`,
      }),
    'directory.export': ({ filter }) => core.hubDirectory.export(filter),
    'packages.export': ({ filter }) =>
      audited('packages.export', null, () => {
        const r = core.exportPackage(filter);
        return { file: r.file, counts: r.manifest.counts };
      }, { after: (r) => ({ ...r, filter }), describeResult: (r) => `${r.counts.appointments ?? 0} rendez-vous dans ${r.file}` }),
    'transmissions.list': ({ filter, offset, limit }) => core.hub.list(filter, offset, limit),
    'transmissions.get': ({ appointmentId }) => core.hub.get(appointmentId),
    'transmissions.plan': ({ selection }) => core.hub.plan(selection),
    'transmissions.retry': ({ selection }) =>
      audited(
        'transmissions.retry',
        'appointmentIds' in selection ? selection.appointmentIds.slice(0, 20).join(', ') : 'filtre',
        () => core.hub.retry(selection, core.operator()),
        {
          before: 'filter' in selection ? { filter: selection.filter } : { appointmentIds: selection.appointmentIds },
          after: (r) => r,
          describeResult: (r) => `${r.queued} transmission(s) renvoyée(s) : ${r.bySamu.map((s) => `${s.count} vers ${s.samu ?? 'SAMU à déterminer'}`).join(', ')}${r.acknowledged ? ` (dont ${r.acknowledged} déjà acquittée(s))` : ''}`,
        },
      ),
    'regulators.login': ({ technicalIds }) =>
      audited('regulators.login', technicalIds.length === 1 ? technicalIds[0] : `${technicalIds.length} régulateurs`, () => core.regulators.login(technicalIds), {
        after: (r) => r,
      }),
    'accounts.matrix': ({ filter, offset, limit }) => core.regulators.matrix(filter, offset, limit),
    'accounts.plan': (input) => core.regulators.plan(input),
    'accounts.act': (input) =>
      audited(`accounts.${input.action}`, 'technicalIds' in input.target ? input.target.technicalIds.join(', ').slice(0, 500) : 'filtre', () => core.regulators.act(input), {
        before: input,
        after: (r) => r,
        describeResult: (r) => `${r.requests} requête(s) vers ${r.perEditor.length} éditeur(s)`,
      }),
    'qualification.start': ({ editorId, nationalId, email }) =>
      audited('qualification.start', core.editors.get(editorId)?.name ?? editorId, () => core.qualification.start(editorId, { nationalId, email }), {
        after: (r) => ({ runId: r.id }),
      }),
    'qualification.runs': ({ editorId }) => core.qualification.runs(editorId),
    'qualification.get': ({ id }) => core.qualification.run(id),
    'qualification.export': ({ id }) => core.qualification.exportRun(id),
    'demo.editors': () => audited('demo.editors', null, () => ({ registered: registerDemoEditors(core.editors).size })),
    'demo.load': ({ count }) =>
      audited('demo.load', null, async () => {
        const gateway = core.info().gateway;
        if (!gateway.listening || !gateway.url) {
          throw new ApiError('unavailable', 'La passerelle rendez-vous est arrêtée : activez-la dans Paramètres pour charger des données de démonstration.');
        }
        if (gateway.mtls) {
          throw new ApiError('unavailable', 'La passerelle exige un certificat client (mTLS) : les données de démonstration ne peuvent être envoyées que sur une passerelle HTTP locale.');
        }
        // Registered first, so that each appointment is attributed to its editor by its identifier system.
        registerDemoEditors(core.editors);
        return postDemo(gateway.url, generateDemoAppointments(count));
      }, { after: (r) => r, detail: `${count} rendez-vous` }),
  };
}
