import type { Diagnostic } from '../diagnostics/diagnostic';
import { messages, type RuleId } from '../i18n/rule-messages';

export type Severity = 'fatal' | 'error' | 'warning' | 'information';

/** One validation result on an appointment (the Diagnostic of its family), mapping 1:1 onto an OperationOutcome issue. */
export interface Finding extends Diagnostic {
  family: 'appointment';
  ruleId: RuleId | 'IG-PROFILE';
  severity: Severity;
  /** OperationOutcome issue-type code (http://hl7.org/fhir/issue-type). */
  code: 'invalid' | 'structure' | 'required' | 'value' | 'code-invalid' | 'business-rule' | 'informational' | 'processing';
  /** FHIRPath of the offending element. */
  expression: string;
  params?: Record<string, string | number>;
  /** French explanation, naming the rule. */
  diagnostics: string;
}

export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => String(params[key] ?? ''));
}

export function finding(
  ruleId: RuleId,
  severity: Severity,
  code: Finding['code'],
  expression: string,
  params?: Record<string, string | number>,
): Finding {
  return { family: 'appointment', ruleId, severity, code, expression, params, diagnostics: interpolate(messages.fr[ruleId], params) };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error' || f.severity === 'fatal');
}
