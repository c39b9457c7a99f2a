import { z } from 'zod';

export const ENVIRONMENTS = ['recette', 'preproduction', 'production'] as const;
export const EDITOR_FLOWS = ['ps', 'cpts', 'sos', 'regulators'] as const;
export const ACCEPT_HEADERS = ['application/fhir+json', 'application/json+fhir'] as const;

/** A secret given by the operator: its content (sealed by the OS store), a file path, or "keep the current one". */
const secretInput = z.union([
  z.strictObject({ text: z.string().min(1).max(200_000) }),
  z.strictObject({ base64: z.string().min(1).max(400_000) }),
  z.strictObject({ file: z.string().min(1).max(4096) }),
  z.strictObject({ keep: z.literal(true) }),
]);

const pemCertificate = z.string().max(200_000).regex(/-----BEGIN CERTIFICATE-----/, 'certificat PEM attendu');

export const editorIdentityInputSchema = z.union([
  z.strictObject({ kind: z.literal('pem'), certPem: pemCertificate, key: secretInput }),
  z.strictObject({ kind: z.literal('pkcs12'), pfx: secretInput, passphrase: secretInput.nullable() }),
]);

/** SHA-256 of a certificate's DER, hex with or without colons (as browsers and openssl print it). */
export const fingerprintSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[:\s]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 attendue : 64 chiffres hexadécimaux'));

/** An editor's inbound certificate: pasted as PEM (details shown), or given by its fingerprint alone. */
export const inboundCertificateInputSchema = z.union([
  z.strictObject({ pem: pemCertificate }),
  z.strictObject({ fingerprint256: fingerprintSchema }),
]);

export const inboundPinSchema = z.strictObject({
  issuer: z.string().trim().min(3).max(2000),
  subject: z.string().trim().min(3).max(2000),
});
export type InboundPin = z.infer<typeof inboundPinSchema>;

/** Labels the gateway gives to callers that are no registered editor: no editor may take them as its name. */
export const RESERVED_EDITOR_LABELS = ['non enregistré', 'non identifié', 'unknown', 'inconnu'] as const;

export const editorInputSchema = z.strictObject({
  id: z.string().uuid().optional(),
  name: z.string().trim().min(1).max(120),
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
  environment: z.enum(ENVIRONMENTS),
  // Empty for an editor that only pushes appointments (INT_R03).
  flows: z.array(z.enum(EDITOR_FLOWS)).max(4),
  accept: z.enum(ACCEPT_HEADERS),
  timeoutMs: z.number().int().min(500).max(60_000),
  enabled: z.boolean(),
  identity: editorIdentityInputSchema.nullable(),
  caPem: pemCertificate.nullable(),
  /** Inbound identity (the gateway, INT_R03). Absent = unchanged on update, none on create. */
  inboundCertificates: z.array(inboundCertificateInputSchema).max(20).optional(),
  inboundPins: z.array(inboundPinSchema).max(10).optional(),
  /** Identifier systems of this editor's appointments (attribution without mTLS; no other editor may use them). */
  identifierSystems: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
});
export type EditorInput = z.infer<typeof editorInputSchema>;

/** A client certificate an editor calls the gateway with (details known when it was given as PEM). */
export interface InboundCertificate {
  fingerprint256: string;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
  state: 'valid' | 'expiring' | 'expired' | 'unknown';
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  state: 'valid' | 'expiring' | 'expired';
}

/** What the UI sees of an editor: never a key or a passphrase, only where they are kept. */
export interface EditorView {
  id: string;
  name: string;
  baseUrl: string;
  environment: (typeof ENVIRONMENTS)[number];
  flows: (typeof EDITOR_FLOWS)[number][];
  accept: (typeof ACCEPT_HEADERS)[number];
  timeoutMs: number;
  enabled: boolean;
  identity:
    | null
    | { kind: 'pem'; certificate: CertificateInfo | null; certPem: string; keyStore: 'os' | 'file'; keyFile: string | null }
    | { kind: 'pkcs12'; certificate: CertificateInfo | null; pfxStore: 'os' | 'file'; pfxFile: string | null; passphrase: 'os' | 'file' | null };
  ca: CertificateInfo | null;
  /** Certificates are public: shown and edited as they are. */
  caPem: string | null;
  inboundCertificates: InboundCertificate[];
  inboundPins: InboundPin[];
  identifierSystems: string[];
  updatedUtc: number;
}

export interface ConnectionTest {
  ok: boolean;
  url: string;
  tlsProtocol: string | null;
  serverTrusted: boolean | null;
  serverSubject: string | null;
  serverIssuer: string | null;
  clientCertificateAccepted: boolean | null;
  httpStatus: number | null;
  latencyMs: number;
  timings: { connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number };
  message: string;
}
