import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema, jsonSchemaText, SCHEMA_FILES, updateFieldTables } from '../../../src/schema/json-schema.ts';
import { PROJECT } from '../../helpers/paths.ts';

describe('generated JSON Schemas and field tables', () => {
  it.each(Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[])(
    'public/schemas for %s is current (run npm run json-schema)',
    (kind) => {
      expect(readFileSync(join(PROJECT, SCHEMA_FILES[kind].path), 'utf8')).toBe(jsonSchemaText(kind));
    },
  );

  it('docs/format.md shows the current fields (run npm run json-schema)', () => {
    const docs = readFileSync(join(PROJECT, 'docs', 'format.md'), 'utf8');
    expect(docs).toBe(updateFieldTables(docs));
  });

  it('describes every state of a run and forbids unknown fields', () => {
    const schema = jsonSchema('run') as {
      oneOf: { properties: { state: { const: string } }; additionalProperties: boolean }[];
    };
    expect(schema.oneOf.map((v) => v.properties.state.const)).toEqual(['completed', 'partial', 'failed', 'cancelled']);
    expect(schema.oneOf.map((v) => v.additionalProperties)).toEqual([false, false, false, false]);
  });
});
