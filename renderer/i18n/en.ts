import type { Messages } from './fr';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

export const en: DeepStrings<Messages> = {
  app: { title: 'SAS operator console' },
  nav: { appointments: 'Appointments', stats: 'Statistics', slots: 'Slots', regulators: 'Regulators', lrm: 'LRM transmissions', journal: 'Journal', settings: 'Settings' },
  status: {
    gatewayOn: 'FHIR gateway: {{url}}',
    gatewayMtls: 'mTLS',
    gatewayOff: 'FHIR gateway stopped',
    ig: 'IG package: {{count}} profiles',
    noIg: 'Built-in rules only',
    host: { desktop: 'Desktop', headless: 'Headless mode' },
  },
  common: {
    loading: 'Loading…', retry: 'Retry', close: 'Close', copy: 'Copy', copied: 'Copied', none: '—',
    comingSoon: 'This feature arrives in a later version of the console.', save: 'Save', cancel: 'Cancel', apply: 'Apply',
    reset: 'Reset', back: 'Back', errorTitle: 'Something went wrong',
  },
  appointmentStatus: {
    booked: 'Booked', fulfilled: 'Fulfilled', noshow: 'No-show', cancelled: 'Cancelled', pending: 'Pending', proposed: 'Proposed',
    arrived: 'Arrived', 'entered-in-error': 'Entered in error', 'checked-in': 'Checked in', waitlist: 'Waitlist',
  },
  appointments: {
    title: 'Received appointments',
    total_one: '{{count}} appointment',
    total_other: '{{count}} appointments',
    empty: 'No appointment matches these filters.',
    emptyStore: 'No appointment received yet. Editors send their appointments to the FHIR gateway; you can also load demo data.',
    loadDemo: 'Load demo data',
    demoDone: '{{accepted}} requests accepted, {{rejected}} refused.',
    columns: {
      start: 'Start', created: 'Created', status: 'Status', category: 'Category', practitioner: 'Practitioner', organisation: 'Organisation',
      regulator: 'Regulator', editor: 'Editor', identifier: 'Editor identifier', versions: 'Versions', lastReceived: 'Last received',
    },
    filters: {
      from: 'Start from', to: 'Start until', status: 'Status', category: 'Category', editor: 'Editor',
      text: 'Identifier (RPPS, SIRET, regulator, appointment)', clear: 'Clear filters',
    },
    export: {
      csv: 'Export as CSV', ndjson: 'Export as NDJSON (FHIR)', running: 'Exporting: {{written}} / {{total}} rows',
      done: 'Export finished: {{file}}', failed: 'Export failed: {{error}}',
    },
  },
  detail: {
    title: 'Appointment {{identifier}}',
    notFound: 'This appointment is not (or no longer) in the local store.',
    tabs: { summary: 'Summary', versions: 'Versions', json: 'JSON', diff: 'Diff', validation: 'Validation', journal: 'Exchanges' },
    summary: {
      identifier: 'Editor identifier', system: 'System', profile: 'Profile', start: 'Start (Europe/Paris)', end: 'End',
      startRaw: 'Start as received', created: 'Booked on', consoleId: 'Console id',
    },
    version: 'Version {{version}}',
    receivedAt: 'received {{at}} from {{editor}}',
    changes: {
      created: 'Created', status: 'Status: {{from}} → {{to}}', times: 'Time: {{from}} → {{to}}',
      practitioner: 'Practitioner: {{from}} → {{to}}', none: 'No change in tracked fields',
    },
    diffFrom: 'From version', diffTo: 'To version', diffEmpty: 'Both versions are identical (metadata aside).',
    diffPath: 'Element', diffBefore: 'Before', diffAfter: 'After', noFindings: 'No validation finding for this version.',
    showVersion: 'Shown version', openExchange: 'Open exchange', profileApplied: 'Profile applied: {{profile}}',
  },
  severity: { fatal: 'Fatal', error: 'Error', warning: 'Warning', information: 'Information' },
  stats: {
    title: 'Statistics', byStatus: 'Appointments per day and status', byCategory: 'Appointments per day and category',
    empty: 'No data over the filtered period.', total: '{{count}} appointments over the period',
  },
  journal: {
    title: 'Exchange journal',
    columns: { at: 'Date', direction: 'Direction', peer: 'Peer', subject: 'Client certificate', method: 'Method', url: 'URL', status: 'Status', duration: 'Duration' },
    direction: { inbound: 'Received', outbound: 'Sent' },
    filters: { direction: 'Direction', peer: 'Peer or certificate', status: 'HTTP status', from: 'From', to: 'Until', all: 'All' },
    empty: 'No exchange matches.', request: 'Request', response: 'Response', headers: 'Headers', body: 'Body',
    produced: 'Versions produced', openAppointment: 'Open appointment', ms: '{{value}} ms',
  },
  settings: {
    title: 'Settings', gateway: 'Appointment gateway (INT_R03)',
    gatewayHelp: 'Editors send appointments to this address. Off by default on the desktop.',
    enabled: 'Enable the gateway', host: 'Address', port: 'Port', tlsCert: 'Server TLS certificate (PEM)', tlsKey: 'Server private key (PEM)',
    clientCa: 'Trusted client CAs (PEM)', ig: 'IG package', igHelp: 'Unpacked ans.fhir.fr.sas package folder: enables full StructureDefinition validation.',
    igDir: 'IG package folder', language: 'Language', saved: 'Settings applied.', demo: 'Demo data',
    demoHelp: 'Sends invented appointments (names, RPPS, SIRET, editors) to the gateway, as an editor would.', demoCount: 'Number of appointments',
  },
  errors: {
    'invalid-input': 'Invalid parameters: {{message}}', 'not-found': '{{message}}', unavailable: '{{message}}', conflict: '{{message}}',
    forbidden: '{{message}}', internal: 'Console internal error: {{message}}. Retry; if it persists, export the journal and report it.',
  },
};
