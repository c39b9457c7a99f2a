import type { Finding } from '../../../shared/fhir/findings';
import type { JsonObject } from '../../../shared/fhir/json';

export interface Issue {
  severity: Finding['severity'];
  code: string;
  diagnostics: string;
  expression?: string[];
}

export function operationOutcome(issues: Issue[]): JsonObject {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: i.expression } : {}),
    })),
  };
}

export function outcomeFromFindings(findings: readonly Finding[]): JsonObject {
  return operationOutcome(
    findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      diagnostics: f.ruleId === 'IG-PROFILE' ? f.diagnostics : `[${f.ruleId}] ${f.diagnostics}`,
      expression: [f.expression],
    })),
  );
}

/** A single-issue outcome for protocol errors (415, 413, 400…), always naming what to fix. */
export function simpleOutcome(code: string, diagnostics: string, expression?: string): JsonObject {
  return operationOutcome([{ severity: 'error', code, diagnostics, expression: expression ? [expression] : undefined }]);
}
