// The operation names alone, without schemas: the Electron preload bundles this list (kept small) to
// expose one named function per operation. contract.test.ts checks it matches the contract.
export const OPERATION_NAMES = [
  'system.info',
  'appointments.list',
  'appointments.count',
  'appointments.editors',
  'appointments.get',
  'appointments.version',
  'appointments.stats',
  'exports.start',
  'exports.status',
  'journal.list',
  'journal.get',
  'settings.get',
  'settings.update',
  'demo.load',
] as const;
