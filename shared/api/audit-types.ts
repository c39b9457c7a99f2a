import { z } from 'zod';

export const auditFilterSchema = z.strictObject({
  action: z.string().trim().max(100).optional(),
  securityOnly: z.boolean().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** One operator action: who, when, what, and the state before and after (secrets never included). */
export interface AuditEntry {
  id: number;
  atUtc: number;
  atRaw: string;
  actor: string;
  host: string;
  action: string;
  target: string | null;
  security: boolean;
  outcome: 'ok' | 'refused' | 'failed';
  before: unknown;
  after: unknown;
  detail: string | null;
}

/** Changes an operator must confirm, and that stay visible in the status bar while in force. */
export const SECURITY_CHANGES = ['gateway-tls-off', 'unregistered-editors-allowed', 'gateway-exposed-without-tls', 'gateway-trust-changed'] as const;
export type SecurityChange = (typeof SECURITY_CHANGES)[number];
