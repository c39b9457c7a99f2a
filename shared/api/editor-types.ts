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

export const editorInputSchema = z.strictObject({
  id: z.string().uuid().optional(),
  name: z.string().trim().min(1).max(120),
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
  environment: z.enum(ENVIRONMENTS),
  flows: z.array(z.enum(EDITOR_FLOWS)).min(1).max(4),
  accept: z.enum(ACCEPT_HEADERS),
  timeoutMs: z.number().int().min(500).max(60_000),
  enabled: z.boolean(),
  identity: editorIdentityInputSchema.nullable(),
  caPem: pemCertificate.nullable(),
});
export type EditorInput = z.infer<typeof editorInputSchema>;

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
