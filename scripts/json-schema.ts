// npm run json-schema: regenerate public/schemas/*.schema.json and the field tables of docs/format.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemaText, SCHEMA_FILES, updateFieldTables } from '../src/schema/json-schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const kind of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
  writeFileSync(join(root, SCHEMA_FILES[kind].path), jsonSchemaText(kind));
  console.log(`wrote ${SCHEMA_FILES[kind].path}`);
}
const docs = join(root, 'docs', 'format.md');
writeFileSync(docs, updateFieldTables(readFileSync(docs, 'utf8')));
console.log('updated the field tables of docs/format.md');
