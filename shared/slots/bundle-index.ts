import { asArray, isObject, type JsonObject, obj, str } from '../fhir/json';

export interface IndexedEntry {
  /** Position in Bundle.entry (for FHIRPath: Bundle.entry[i].resource). */
  index: number;
  resource: JsonObject;
  type: string;
  id: string | undefined;
  fullUrl: string | undefined;
  mode: string | undefined;
  /** "Slot/123", the name findings use for the resource. */
  key: string;
}

/** A searchset indexed by Type/id and by fullUrl, so references resolve in one lookup each. */
export class BundleIndex {
  readonly entries: IndexedEntry[] = [];
  private readonly byKey = new Map<string, IndexedEntry>();
  private readonly byFullUrl = new Map<string, IndexedEntry>();

  constructor(readonly bundle: JsonObject) {
    asArray(bundle.entry).forEach((raw, index) => {
      const e = obj(raw);
      const resource = obj(e?.resource);
      if (!resource) return;
      const type = str(resource.resourceType) ?? 'Unknown';
      const id = str(resource.id);
      const entry: IndexedEntry = {
        index,
        resource,
        type,
        id,
        fullUrl: str(e?.fullUrl),
        mode: str(obj(e?.search)?.mode),
        key: `${type}/${id ?? `#${index}`}`,
      };
      this.entries.push(entry);
      if (id) this.byKey.set(`${type}/${id}`, entry);
      if (entry.fullUrl) this.byFullUrl.set(entry.fullUrl, entry);
    });
  }

  ofType(type: string): IndexedEntry[] {
    return this.entries.filter((e) => e.type === type);
  }

  /** Resolves a literal reference: relative `Type/id`, absolute URL (fullUrl, or ending in Type/id), `Type/id/_history/v`. */
  resolve(reference: unknown): IndexedEntry | undefined {
    const ref = str(obj(reference)?.reference);
    if (!ref || ref.startsWith('#')) return undefined;
    const direct = this.byFullUrl.get(ref) ?? this.byKey.get(ref);
    if (direct) return direct;
    const m = /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(ref);
    return m ? this.byKey.get(`${m[1]}/${m[2]}`) : undefined;
  }
}

/** `#id` references point into the resource's own `contained`. */
export function resolveContained(container: JsonObject, reference: unknown): JsonObject | undefined {
  const ref = str(obj(reference)?.reference);
  if (!ref?.startsWith('#')) return undefined;
  return asArray(container.contained).map(obj).find((c) => c && c.id === ref.slice(1));
}

export function referenceText(reference: unknown): string {
  const r = obj(reference);
  return str(r?.reference) ?? (isObject(r?.identifier) ? `identifier ${str(r.identifier.system) ?? ''}|${str(r.identifier.value) ?? ''}` : '—');
}
