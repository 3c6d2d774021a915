import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The published Every Eval Ever JSON Schemas (vendored in ./schemas/, see SOURCE.md there),
 * compiled with ajv. Kept apart from the writer (src/eee/export.ts), which the site's build bundles.
 */

let validators: { aggregate: ValidateFunction; sample: ValidateFunction } | undefined;

/** The published JSON Schemas, compiled once. */
export function eeeValidators(): { aggregate: ValidateFunction; sample: ValidateFunction } {
  if (validators) return validators;
  // The upstream files use draft-07 with type unions, a root "version" keyword and `not: {type:
  // null}` under typed properties: accept those rather than edit the vendored files.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  ajv.addKeyword('version');
  const load = (name: string) =>
    JSON.parse(readFileSync(new URL(`./schemas/${name}`, import.meta.url), 'utf8')) as object;
  validators = {
    aggregate: ajv.compile(load('eval.schema.json')),
    sample: ajv.compile(load('instance_level_eval.schema.json')),
  };
  return validators;
}

/** ajv's errors as "path: message" lines, the path as a JSON pointer into the record. */
export function schemaProblems(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    return `${e.instancePath || '(root)'}: ${e.message ?? 'is invalid'}${extra}`;
  });
}
