import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Severity } from '../fhir/findings';
import { interpolate } from '../fhir/findings';
import { slotMessages, type SlotRuleId } from '../i18n/slot-rule-messages';

/** One diagnostic on an editor's slot response: the rule, the resource and element, a French explanation. */
export interface SlotFinding extends Diagnostic {
  family: 'slot';
  ruleId: SlotRuleId;
  severity: Severity;
  /** The resource concerned, as Type/id ("Bundle" for the envelope). */
  resource: string;
  expression: string;
  params?: Record<string, string | number>;
  diagnostics: string;
}

export function slotFinding(
  ruleId: SlotRuleId,
  severity: Severity,
  resource: string,
  expression: string,
  params?: Record<string, string | number>,
): SlotFinding {
  return { family: 'slot', ruleId, severity, resource, expression, params, diagnostics: interpolate(slotMessages.fr[ruleId], params) };
}
