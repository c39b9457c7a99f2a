import type { Failure } from './failure';
import { z } from 'zod';
import type { SlotFinding } from '../slots/slot-finding';
import type { SlotView, TreeNode } from '../slots/slot-views';

export type Verdict = 'pending' | 'ok' | 'warnings' | 'errors' | 'timeout' | 'unreachable';

const prefixedId = z.string().regex(/^(8\d{11}|0\d{9}|3\d{14})$/, 'identifiant national préfixé attendu (8+RPPS, 0+ADELI, 3+SIRET)');
const instantWithOffset = z.iso.datetime({ offset: true });

export const slotSearchInputSchema = z
  .strictObject({
    kind: z.enum(['ps', 'cpts', 'sos']),
    ids: z.array(prefixedId).min(1).max(25),
    windowStart: instantWithOffset,
    windowEnd: instantWithOffset,
    editorIds: z.array(z.string().uuid()).max(100).optional(),
    count: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((v) => (v.kind === 'sos' ? v.ids.every((i) => i.startsWith('3')) && v.ids.length <= 10 : v.ids.every((i) => !i.startsWith('3'))), {
    message: 'SOS : 1 à 10 SIRET ; PS et CPTS : 1 à 25 RPPS ou ADELI',
    path: ['ids'],
  })
  .refine((v) => Date.parse(v.windowStart) <= Date.parse(v.windowEnd), { message: 'la fenêtre finit avant de commencer', path: ['windowEnd'] });
export type SlotSearchInput = z.infer<typeof slotSearchInputSchema>;

export interface EditorResultSummary {
  editorId: string;
  editorName: string;
  requestUrl: string;
  state: 'pending' | 'done';
  verdict: Verdict;
  httpStatus: number | null;
  timings: { connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number } | null;
  /** `failure` is the same as data (absent on runs stored before failures were data): the page words it. */
  error: { kind: string; message: string; failure?: Failure | null } | null;
  slotCount: number | null;
  errors: number;
  warnings: number;
  exchangeId: number | null;
}

export interface SlotRunView {
  id: string;
  kind: 'ps' | 'cpts' | 'sos';
  ids: string[];
  windowStart: string;
  windowEnd: string;
  startedUtc: number;
  finishedUtc: number | null;
  rerunOf: string | null;
  results: EditorResultSummary[];
}

export interface EditorResultDetail extends EditorResultSummary {
  requestDecoded: string;
  tls: unknown;
  responseBody: string | null;
  findings: SlotFinding[];
  slots: SlotView[];
  tree: TreeNode[];
}

export interface SlotChange {
  key: string;
  kind: 'added' | 'removed' | 'changed';
  label: string;
  changes?: string[];
}

export interface RunComparison {
  a: string;
  b: string;
  editors: { editorId: string; editorName: string; added: number; removed: number; changed: number; items: SlotChange[] }[];
}
