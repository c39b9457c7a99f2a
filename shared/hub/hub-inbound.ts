// What arrives on `<clientId>.ack` (final acknowledgements, RC-REF) and `<clientId>.info` (errors, RS-ERROR):
// hub-sante.md §2.5–2.6. The body is untrusted: it is read with zod, strictly on the fields the console uses
// to correlate and show, and leniently on everything else, so that an LRM's small liberties (a field the schema
// does not know, a code outside the Hub's list) never cost us an acknowledgement or an error report.
import { z } from 'zod';
import { HUB_ERROR_CODES } from './hub-errors';

export type HubInbound =
  | { kind: 'ack'; distributionId: string; sender: string; ackedDistributionId: string; step: string | null; refused: boolean | null; errorDistributionId: string | null }
  | { kind: 'error'; distributionId: string | null; sender: string | null; referencedDistributionId: string; code: number; statusString: string; cause: string }
  | { kind: 'unreadable'; reason: string };

/** What the Hub writes when it could not read the distributionID of the message it rejects. */
export const UNEXTRACTED_DISTRIBUTION_ID = 'distributionID_could_not_be_extracted';

const id = z.string().trim().min(1).max(500);
// Optional fields the console reads: absent and null mean the same; any other type is a broken message.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

const messageSchema = <T extends z.ZodType>(body: T) =>
  z.object({ content: z.array(z.object({ jsonContent: z.object({ embeddedJsonContent: z.object({ message: body }) }) })).min(1) });

const ackSchema = z.object({
  distributionID: id,
  senderID: id,
  distributionKind: z.literal('Ack'),
  ...messageSchema(
    z.object({
      reference: z.object({
        distributionID: id,
        step: optional(z.string().min(1).max(100)),
        refused: optional(z.boolean()),
        errorDistributionID: optional(id),
      }),
    }),
  ).shape,
});

// The schema says number; a digit string is unambiguous and an error report is too valuable to drop for it.
const statusCode = z.union([z.number(), z.string().regex(/^\d{1,9}$/).transform(Number)]);

const errorSchema = z.object({
  // The envelope of an error is only shown, never used to correlate: a broken one does not hide the error.
  distributionID: id.nullable().catch(null),
  senderID: id.nullable().catch(null),
  distributionKind: z.literal('Error'),
  ...messageSchema(
    z.object({
      error: z.object({
        // Display-only: a wrong type there loses the text, not the report.
        errorCode: z.object({ statusCode, statusString: z.string().max(200).nullish().catch(null) }),
        errorCause: z.string().nullish().catch(null),
        referencedDistributionID: id.nullish(),
        sourceMessage: z.object({ distributionID: id.optional().catch(undefined) }).nullish().catch(null),
      }),
    }),
  ).shape,
});

const kindSchema = z.object({ distributionKind: z.string() });

function decode(body: Uint8Array | string): string | null {
  if (typeof body === 'string') return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  try {
    // fatal: a body that is not UTF-8 is not a Hub message; decoding it leniently would invent characters.
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'structure inattendue';
  const where = issue.path.length === 0 ? 'la racine' : issue.path.map(String).join('.');
  return `${where} (${issue.code})`;
}

/**
 * Reads an acknowledgement (distributionKind Ack + message.reference) or an error report (distributionKind
 * Error + message.error). Anything else is `unreadable` with a French reason, for the orphan list. Never throws.
 */
export function parseHubInbound(body: Uint8Array | string): HubInbound {
  try {
    const text = decode(body);
    if (text === null) return { kind: 'unreadable', reason: "Le corps du message n'est pas du texte UTF-8." };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'unreadable', reason: "Le corps du message n'est pas du JSON." };
    }
    const kind = kindSchema.safeParse(json);
    if (!kind.success) return { kind: 'unreadable', reason: "Le message n'est pas une enveloppe EDXL-DE (distributionKind absent)." };

    if (kind.data.distributionKind === 'Ack') {
      const ack = ackSchema.safeParse(json);
      if (!ack.success) return { kind: 'unreadable', reason: `Acquittement illisible : ${firstProblem(ack.error)}.` };
      const ref = ack.data.content[0].jsonContent.embeddedJsonContent.message.reference;
      return {
        kind: 'ack',
        distributionId: ack.data.distributionID,
        sender: ack.data.senderID,
        ackedDistributionId: ref.distributionID,
        step: ref.step,
        refused: ref.refused,
        errorDistributionId: ref.errorDistributionID,
      };
    }

    if (kind.data.distributionKind === 'Error') {
      const parsed = errorSchema.safeParse(json);
      if (!parsed.success) return { kind: 'unreadable', reason: `Rapport d'erreur illisible : ${firstProblem(parsed.error)}.` };
      const e = parsed.data.content[0].jsonContent.embeddedJsonContent.message.error;
      // When the Hub could not extract the id, the rejected message it quotes may still carry it.
      const quoted = e.sourceMessage?.distributionID;
      const referenced = e.referencedDistributionID && e.referencedDistributionID !== UNEXTRACTED_DISTRIBUTION_ID ? e.referencedDistributionID : (quoted ?? null);
      if (referenced === null) return { kind: 'unreadable', reason: "Rapport d'erreur sans référence au message concerné (referencedDistributionID)." };
      const code = e.errorCode.statusCode;
      return {
        kind: 'error',
        distributionId: parsed.data.distributionID,
        sender: parsed.data.senderID,
        referencedDistributionId: referenced,
        code,
        statusString: e.errorCode.statusString ?? HUB_ERROR_CODES[code] ?? '',
        cause: e.errorCause ?? '',
      };
    }

    return { kind: 'unreadable', reason: `Type de message inattendu ici : distributionKind ${kind.data.distributionKind.slice(0, 40)} (Ack ou Error attendu).` };
  } catch {
    // Defensive: zod and JSON.parse report through return values above; this is for the unforeseen.
    return { kind: 'unreadable', reason: 'Message illisible (erreur inattendue à la lecture).' };
  }
}
