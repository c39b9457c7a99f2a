// The core's event stream: what changed, by topic, so that the renderer refreshes exactly the queries that
// read it (each operation of the contract says which topics it reads). Carried by Electron IPC and by
// server-sent events over HTTP; events are coalesced, a burst of writes becomes one event.

export const TOPICS = [
  'appointments',
  'journal',
  'editors',
  'settings',
  'audit',
  'system',
  'slot-runs',
  'exports',
  'regulators',
  'accounts',
  'jobs',
  'qualifications',
  'transmissions',
  'hub',
  'routes',
  'directory',
] as const;
export type Topic = (typeof TOPICS)[number];

export interface CoreEvent {
  /** Grows by one per event; a gap tells a client it missed some and should refresh everything. */
  seq: number;
  topics: Topic[];
  /** Objects that changed, when few: lets a page showing one of them refresh without refreshing lists. */
  refs: { topic: Topic; id: string }[];
}

/** The IPC channel the desktop pushes events on. */
export const EVENTS_CHANNEL = 'console.events';
