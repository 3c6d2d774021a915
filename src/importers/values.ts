/** Reading untyped JSON from a tool's output: each helper returns the value if it has the type, else a neutral one. */

export type Json = unknown;
export type Obj = Record<string, Json>;

export const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: Json): Obj => (isObj(v) ? v : {});
export const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);
export const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: Json): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A generation-setting value as Benchscope's `generation.extra` holds it: scalars as they are, the rest as JSON. */
export function scalar(value: Json): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return JSON.stringify(value);
}
