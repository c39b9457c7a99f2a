// Every console operation by name, with what it is: a query (reads, may be cached and refreshed when one of
// its topics changes) or a command (changes state; its topics are refreshed once it succeeds). Plain data,
// no schemas: the Electron preload bundles this list to expose one named function per operation. The
// contract (contract.ts) gives each name its input schema and result type, and must name exactly these.
import type { Topic } from './events';

export interface OperationMeta {
  kind: 'query' | 'command';
  topics: readonly Topic[];
}

const query = (...topics: Topic[]): OperationMeta => ({ kind: 'query', topics });
const command = (...topics: Topic[]): OperationMeta => ({ kind: 'command', topics });

export const OPERATIONS = {
  'system.info': query('system', 'settings'),
  'appointments.list': query('appointments'),
  'appointments.count': query('appointments'),
  'appointments.editors': query('appointments', 'editors'),
  'appointments.get': query('appointments', 'journal'),
  'appointments.version': query('appointments'),
  'appointments.stats': query('appointments'),
  'exports.start': command('exports', 'audit'),
  'exports.status': query('exports'),
  'journal.list': query('journal'),
  'journal.get': query('journal'),
  'settings.get': query('settings'),
  'settings.update': command('settings', 'system', 'audit'),
  'audit.list': query('audit'),
  'store.check': command('system', 'audit'),
  'demo.load': command('appointments', 'journal', 'editors', 'audit'),
  'demo.editors': command('editors', 'audit'),
  'editors.list': query('editors'),
  'editors.save': command('editors', 'appointments', 'accounts', 'audit'),
  'editors.remove': command('editors', 'accounts', 'audit'),
  'editors.test': command('journal'),
  'editors.vault': query(),
  'slots.search': command('slot-runs', 'journal', 'audit'),
  'slots.run': query('slot-runs'),
  'slots.runs': query('slot-runs'),
  'slots.result': query('slot-runs'),
  'slots.rerun': command('slot-runs', 'journal', 'audit'),
  'slots.cancel': command('slot-runs', 'audit'),
  'slots.compare': query('slot-runs'),
  'slots.export': query('slot-runs'),
  'regulators.list': query('regulators', 'accounts'),
  'regulators.get': query('regulators', 'accounts', 'journal'),
  'regulators.save': command('regulators', 'accounts', 'audit'),
  'regulators.importPreview': query(),
  'regulators.import': command('regulators', 'accounts', 'audit'),
  'regulators.export': query('regulators'),
  'regulators.login': command('regulators', 'accounts', 'jobs', 'audit'),
  'accounts.matrix': query('regulators', 'accounts', 'editors'),
  'accounts.plan': query('regulators', 'accounts', 'editors'),
  'accounts.act': command('regulators', 'accounts', 'jobs', 'audit'),
  'qualification.start': command('qualifications', 'journal', 'audit'),
  'qualification.runs': query('qualifications'),
  'qualification.get': query('qualifications', 'journal'),
  'qualification.export': query('qualifications', 'journal'),
  'hub.status': query('hub', 'transmissions'),
  'hub.connection': query('hub'),
  'hub.saveConnection': command('hub', 'transmissions', 'system', 'audit'),
  'hub.test': command('hub', 'journal'),
  'hub.orphans': query('hub'),
  'routes.list': query('routes'),
  'routes.save': command('routes', 'transmissions', 'audit'),
  'routes.remove': command('routes', 'transmissions', 'audit'),
  'routes.explain': query('routes', 'regulators', 'directory', 'appointments', 'hub'),
  'directory.list': query('directory'),
  'directory.save': command('directory', 'transmissions', 'audit'),
  'directory.remove': command('directory', 'transmissions', 'audit'),
  'directory.importPreview': query('directory'),
  'directory.import': command('directory', 'transmissions', 'audit'),
  'directory.export': query('directory'),
  'transmissions.list': query('transmissions'),
  'transmissions.get': query('transmissions', 'journal', 'appointments', 'routes', 'directory', 'regulators'),
  'transmissions.plan': query('transmissions'),
  'transmissions.retry': command('transmissions', 'audit'),
  'packages.export': command('exports', 'audit'),
} as const satisfies Record<string, OperationMeta>;

export type OperationName = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];
