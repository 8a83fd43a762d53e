// Reading values out of parsed JSON without trusting its shape: each getter returns the value
// with the expected type, or a problem naming the field. null stays null (never "" or 0).
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export class FieldError extends Error {}

export function parseJsonObject(text: string): JsonObject | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
  } catch {
    return null;
  }
}

/** Typed access to one JSON object; a wrong or missing field throws FieldError (caught by the parser). */
export function fields(obj: JsonObject, where: string) {
  const bad = (k: string, expected: string): never => {
    throw new FieldError(`${where}: ${k} is ${k in obj ? JSON.stringify(obj[k]) : 'missing'}, expected ${expected}`);
  };
  return {
    has: (k: string) => k in obj,
    str: (k: string): string => (typeof obj[k] === 'string' ? (obj[k] as string) : bad(k, 'text')),
    strOrNull: (k: string): string | null =>
      obj[k] === null ? null : typeof obj[k] === 'string' ? (obj[k] as string) : bad(k, 'text or null'),
    num: (k: string): number => (typeof obj[k] === 'number' && Number.isFinite(obj[k]) ? (obj[k] as number) : bad(k, 'a number')),
    numOrNull: (k: string): number | null =>
      obj[k] === null ? null : typeof obj[k] === 'number' && Number.isFinite(obj[k]) ? (obj[k] as number) : bad(k, 'a number or null'),
    bool: (k: string): boolean => (typeof obj[k] === 'boolean' ? (obj[k] as boolean) : bad(k, 'true or false')),
    /** Missing counts as null (for fields that only some versions have). */
    optStr: (k: string): string | null =>
      !(k in obj) || obj[k] === null ? null : typeof obj[k] === 'string' ? (obj[k] as string) : bad(k, 'text'),
  };
}
