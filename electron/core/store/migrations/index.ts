// Numbered migrations. Never edit one that has shipped: add a new one. start-up refuses a database
// whose recorded checksum differs from the text below (see migrate.ts).
import { m0001 } from './0001-initial';
import { m0002 } from './0002-editors-and-slot-runs';
import { m0003 } from './0003-editor-identities-and-audit';
import { m0004 } from './0004-jobs-journal-links-regulators';
import { m0005 } from './0005-hub-transmissions';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005];
