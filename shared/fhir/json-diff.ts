import type { Json } from './json';

export interface JsonChange {
  /** FHIRPath-like location, e.g. `participant[0].actor.identifier.value`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: Json;
  after?: Json;
}

const IGNORED_TOP = new Set(['meta.versionId', 'meta.lastUpdated']);

/** Element-by-element differences between two resources (server metadata aside). */
export function diffJson(before: Json | undefined, after: Json | undefined, path = ''): JsonChange[] {
  if (IGNORED_TOP.has(path)) return [];
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  const isObj = (v: Json) => typeof v === 'object' && v !== null;
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: JsonChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffJson(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(before) && isObj(after) && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffJson((before as Record<string, Json>)[k], (after as Record<string, Json>)[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: 'changed', before, after }];
}
