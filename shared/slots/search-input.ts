import type { SlotKind } from './ig-slots';

export type IdProblem = 'format' | 'duplicate' | 'too-many' | 'none';

export interface ParsedIds {
  ids: string[];
  rejected: { input: string; problem: IdProblem; reason: string }[];
}

export const MAX_IDS: Record<SlotKind, number> = { ps: 25, cpts: 25, sos: 10 };

/**
 * Reads what an operator typed (one per line, or comma/space separated), with or without the national
 * prefix, and returns the prefixed ids the SAS sends: 8 + RPPS, 0 + ADELI (PS, CPTS) or 3 + SIRET (SOS).
 */
export function parseSearchIds(text: string, kind: SlotKind): ParsedIds {
  const tokens = text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
  const ids: string[] = [];
  const rejected: ParsedIds['rejected'] = [];
  for (const token of tokens) {
    const id = normalise(token, kind);
    if (!id) {
      rejected.push({
        input: token,
        problem: 'format',
        reason: kind === 'sos'
          ? 'un SIRET a 14 chiffres (15 avec le préfixe 3)'
          : 'un RPPS a 11 chiffres (12 avec le préfixe 8), un ADELI 9 chiffres (10 avec le préfixe 0)',
      });
    } else if (ids.includes(id)) {
      rejected.push({ input: token, problem: 'duplicate', reason: 'déjà dans la liste' });
    } else if (ids.length >= MAX_IDS[kind]) {
      rejected.push({ input: token, problem: 'too-many', reason: `le SAS envoie au plus ${MAX_IDS[kind]} identifiants par recherche` });
    } else ids.push(id);
  }
  if (tokens.length === 0) rejected.push({ input: '', problem: 'none', reason: 'saisissez au moins un identifiant' });
  return { ids, rejected };
}

function normalise(token: string, kind: SlotKind): string | null {
  if (!/^\d+$/.test(token)) return null;
  if (kind === 'sos') {
    if (token.length === 14) return `3${token}`;
    if (token.length === 15 && token.startsWith('3')) return token;
    return null;
  }
  if (token.length === 11) return `8${token}`;
  if (token.length === 12 && token.startsWith('8')) return token;
  if (token.length === 9) return `0${token}`;
  if (token.length === 10 && token.startsWith('0')) return token;
  return null;
}
