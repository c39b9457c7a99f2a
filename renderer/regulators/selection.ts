import type { AccountActionInput, RegulatorFilter } from '../../shared/api/regulator-api';
import type { Selection } from '../common/selection';

/** What an action applies to: the ids chosen, or, with none chosen, everything the filter finds. */
export function targetOf(selection: Selection, filter: RegulatorFilter): AccountActionInput['target'] {
  return selection.kind === 'ids' && selection.ids.size > 0 ? { technicalIds: [...selection.ids] } : { filter };
}
