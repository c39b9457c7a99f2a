import { type RouteInput, routeInputSchema, type RouteKind } from '../../shared/api/hub-api';

export type RouteField = 'match' | 'samu' | 'note';

/**
 * A routing rule from the dialog's fields, checked with the contract's schema: departments are written in
 * capitals (2a → 2A), an empty note is none, and the fields to correct are named.
 */
export function routeInput(fields: { id?: number; kind: RouteKind; match: string; samu: string; note: string }): { input: RouteInput | null; errors: RouteField[] } {
  const match = fields.kind === 'department' ? fields.match.trim().toUpperCase() : fields.match.trim();
  const parsed = routeInputSchema.safeParse({
    ...(fields.id !== undefined ? { id: fields.id } : {}),
    kind: fields.kind,
    match,
    samu: fields.samu.trim(),
    note: fields.note.trim() ? fields.note.trim() : null,
  });
  if (parsed.success) return { input: parsed.data, errors: [] };
  const wrong = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  return { input: null, errors: (['match', 'samu', 'note'] as const).filter((f) => wrong.has(f)) };
}
