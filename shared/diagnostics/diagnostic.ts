import type { Severity } from '../fhir/findings';

/** Which rule set a diagnostic comes from: each family has its own message table (shared/i18n). */
export type DiagnosticFamily = 'appointment' | 'slot' | 'regulator' | 'editor-outcome' | 'hub-schema' | 'hub-error';

/**
 * One diagnostic, whatever the rule family: the rule, how serious, where (resource and FHIRPath or JSON
 * path), the parameters the message is built from, and the French text. The renderer re-localises from
 * `family` + `ruleId` + `params`; `diagnostics` is what goes into an OperationOutcome or an export.
 */
export interface Diagnostic {
  family: DiagnosticFamily;
  ruleId: string;
  severity: Severity;
  /** The resource concerned, as Type/id or Type ("Bundle" for an envelope); absent when obvious. */
  resource?: string;
  expression: string;
  params?: Record<string, string | number>;
  diagnostics: string;
}

export function isBlocking(d: Pick<Diagnostic, 'severity'>): boolean {
  return d.severity === 'error' || d.severity === 'fatal';
}
