// Test-only entry: N regulator-account editors (INT_R02 stand-ins) in their own process, so that a benchmark
// measures the console's CPU and not theirs. Started by `regulator-editors-process.ts` with fork(); it
// answers the parent's questions over the IPC channel and ends when asked to or when the parent goes away.
import type { TestPki } from './pki';
import { type RegulatorCounts, type RegulatorEditor, startRegulatorEditor } from './regulator-editor';

export interface RegulatorEditorsEntryConfig {
  pki: TestPki;
  count: number;
  /** The editor at `index` delays every answer by `delayMs`. */
  slow?: { index: number; delayMs: number };
}

export type RegulatorEditorsRequest = { id: number; op: 'counts' | 'duplicates' | 'close' };
export type RegulatorEditorsMessage =
  | { type: 'ready'; bases: string[] }
  | { type: 'reply'; id: number; counts?: RegulatorCounts[]; duplicates?: number[] };

const config = JSON.parse(process.argv[2] ?? '{}') as RegulatorEditorsEntryConfig;
const send = (m: RegulatorEditorsMessage) => process.send?.(m);

if (!process.send) throw new Error('regulator-editors-entry must be started with fork() (IPC channel)');

const editors: RegulatorEditor[] = await Promise.all(
  Array.from({ length: config.count }, (_, i) =>
    startRegulatorEditor({ pki: config.pki, delayMs: config.slow?.index === i ? config.slow.delayMs : undefined }),
  ),
);

let closing: Promise<void> | null = null;
const closeAll = () => (closing ??= Promise.all(editors.map((e) => e.close())).then(() => undefined));

process.on('message', (m: RegulatorEditorsRequest) => {
  if (m.op === 'counts') send({ type: 'reply', id: m.id, counts: editors.map((e) => e.counts()) });
  else if (m.op === 'duplicates') send({ type: 'reply', id: m.id, duplicates: editors.map((e) => e.duplicates()) });
  else
    void closeAll().then(() => {
      send({ type: 'reply', id: m.id });
      process.disconnect();
    });
});
// An orphan would keep its ports and keep the test runner waiting: leave with the parent.
process.on('disconnect', () => void closeAll().then(() => process.exit(0)));

send({ type: 'ready', bases: editors.map((e) => e.base) });
