// Resources arrive as untrusted JSON: these helpers read them without assuming any shape.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function obj(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

/**
 * A value as quoted in a message: strings as they are, anything else as JSON (short). Never `String(v)`: objects
 * parsed without a prototype (strict JSON) have no toString, and `[object Object]` tells an editor nothing.
 */
export function shown(v: unknown, max = 200): string {
  if (typeof v === 'string') return v.length > max ? `${v.slice(0, max)}…` : v;
  let text: string;
  try {
    text = JSON.stringify(v) ?? typeof v;
  } catch {
    text = typeof v;
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
