// Operations only the desktop host offers (native dialogs, the event stream over IPC), beside the console
// contract. The preload implements exactly this interface (checked with `satisfies`); the HTTP transport
// offers the same capabilities its own way (downloads, server-sent events).
import { z } from 'zod';
import type { CoreEvent } from './events';

export const HOST_OPERATIONS = {
  /** Save a finished export where the operator chooses (native dialog). */
  'exports.saveAs': z.strictObject({ jobId: z.string().uuid() }),
  /** Save a text file the renderer holds (a regulator CSV, a run's JSON) where the operator chooses. */
  'files.saveText': z.strictObject({ fileName: z.string().min(1).max(200).regex(/^[^/\\:*?"<>|]+$/), text: z.string().max(50_000_000) }),
} as const;
export type HostOperationName = keyof typeof HOST_OPERATIONS;
export type HostOperationInput<N extends HostOperationName> = z.infer<(typeof HOST_OPERATIONS)[N]>;

/** What the preload exposes besides one function per console operation. */
export interface HostBridge {
  saveExport(jobId: string): Promise<void>;
  saveText(fileName: string, text: string): Promise<boolean>;
  /** Core events pushed over IPC; returns the function that stops listening. */
  onEvents(listener: (event: CoreEvent) => void): () => void;
}
