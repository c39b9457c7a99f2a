import type { Migration } from './index';

export const m0003: Migration = {
  version: 3,
  name: 'editor-identities-and-audit',
  sql: `
-- How an editor is recognised when it calls the gateway: its client certificates (SHA-256 of the DER,
-- several for renewals), or an issuer + subject pin; and the identifier systems of its appointments
-- (attribution when the gateway runs without mTLS). JSON arrays.
ALTER TABLE editors ADD COLUMN inbound_certificates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE editors ADD COLUMN inbound_pins TEXT NOT NULL DEFAULT '[]';
ALTER TABLE editors ADD COLUMN identifier_systems TEXT NOT NULL DEFAULT '[]';

-- Who may write and read an appointment: 'editor:<uuid>', 'cert:<sha256>' (an unregistered certificate,
-- when the operator allows those) or 'anonymous' (plain HTTP, no editor declares the system).
-- NULL for appointments received before editors had identities.
ALTER TABLE appointments ADD COLUMN owner TEXT;

-- The presented certificate beside its subject, and why an exchange was refused before any HTTP
-- (TLS handshake) or by policy (unknown certificate, another editor's appointment).
ALTER TABLE exchanges ADD COLUMN client_issuer TEXT;
ALTER TABLE exchanges ADD COLUMN client_fingerprint TEXT;
ALTER TABLE exchanges ADD COLUMN refusal TEXT;
-- Size of the bodies of a refused request (status >= 400), so retention can keep them under a budget
-- without reading them; NULL once purged or when nothing was kept.
ALTER TABLE exchanges ADD COLUMN refused_body_bytes INTEGER;
ALTER TABLE exchanges ADD COLUMN body_purged_utc INTEGER;
CREATE INDEX exchanges_refused_bodies ON exchanges (at_utc) WHERE refused_body_bytes IS NOT NULL;

-- Operator actions: who, when, what, before and after. Append-only.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at_utc      INTEGER NOT NULL,
  at_raw      TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  host        TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target      TEXT,
  security    INTEGER NOT NULL DEFAULT 0,
  outcome     TEXT    NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  detail      TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at_utc);
`,
};
