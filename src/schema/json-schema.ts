/**
 * JSON Schemas for editors and the field tables of docs/format.md, both generated from the zod
 * schemas so that neither can drift from what the validator accepts.
 */
import * as z from 'zod';
import { Example } from './example.ts';
import { Run } from './run.ts';

interface Node {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  additionalProperties?: Node | boolean;
  not?: Node;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

export const SCHEMA_FILES = {
  run: {
    path: 'public/schemas/run.schema.json',
    schema: Run,
    title: 'Benchscope run file (run.json), format benchscope.run/1',
  },
  example: {
    path: 'public/schemas/example.schema.json',
    schema: Example,
    title: 'Benchscope example (one line of examples.jsonl)',
  },
} as const;

export function jsonSchema(kind: keyof typeof SCHEMA_FILES): Record<string, unknown> {
  const { schema, title, path } = SCHEMA_FILES[kind];
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return { $id: `https://benchscope.example/${path.replace(/^public\//, '')}`, title, ...generated };
}

export function jsonSchemaText(kind: keyof typeof SCHEMA_FILES): string {
  return `${JSON.stringify(jsonSchema(kind), null, 2)}\n`;
}

function typeOf(node: Node): string {
  if (node.not && Object.keys(node.not).length === 0) return 'not allowed';
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ');
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' or ');
  if (node.type === 'array') return node.items ? `list of ${typeOf(node.items)}` : 'list';
  if (node.type === 'object') return node.properties ? 'object' : 'map';
  if (Array.isArray(node.type)) return node.type.join(' or ');
  if (node.type === 'string' && node.format === 'date-time') return 'date-time';
  return node.type ?? 'any';
}

interface Row {
  path: string;
  type: string;
  required: string;
  description: string;
}

/** Object-valued parts of a node (through unions and lists), whose fields get rows of their own. */
function objectParts(node: Node): { node: Node; list: boolean }[] {
  if (node.properties) return [{ node, list: false }];
  if (node.type === 'array' && node.items) return objectParts(node.items).map((p) => ({ ...p, list: true }));
  return (node.anyOf ?? node.oneOf ?? []).flatMap(objectParts);
}

function rows(node: Node, prefix: string, out: Row[]) {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`;
    out.push({
      path,
      type: typeOf(child),
      required: node.required?.includes(name) ? 'yes' : 'no',
      description: child.description ?? '',
    });
    for (const part of objectParts(child)) rows(part.node, `${path}${part.list ? '[]' : ''}.`, out);
  }
}

/**
 * A markdown table of every field. Runs are a union by state: a field required in some states only
 * says in which.
 */
export function fieldTable(kind: keyof typeof SCHEMA_FILES): string {
  const root = z.toJSONSchema(SCHEMA_FILES[kind].schema, { io: 'input' }) as Node;
  const variants = root.oneOf ?? root.anyOf ?? [root];
  const states = variants.map((v) => (v.properties?.['state']?.const as string | undefined) ?? '');
  const merged = new Map<
    string,
    { row: Row; requiredIn: string[]; presentIn: string[]; types: Set<string>; descriptions: Map<string, string> }
  >();
  variants.forEach((variant, i) => {
    const state = states[i] ?? '';
    const list: Row[] = [];
    rows(variant, '', list);
    for (const row of list) {
      if (row.type === 'not allowed') continue;
      let entry = merged.get(row.path);
      if (!entry)
        merged.set(
          row.path,
          (entry = { row, requiredIn: [], presentIn: [], types: new Set(), descriptions: new Map() }),
        );
      entry.presentIn.push(state);
      if (row.required === 'yes') entry.requiredIn.push(state);
      entry.types.add(row.type);
      if (row.description) entry.descriptions.set(state, row.description);
    }
  });
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| Field | Type | Required | Meaning |', '| --- | --- | --- | --- |'];
  for (const { row, requiredIn, presentIn, types, descriptions } of merged.values()) {
    const nested = row.path.includes('.');
    let required: string;
    // A nested field is required relative to its parent object, whenever that object is present.
    if (requiredIn.length === presentIn.length) required = 'yes';
    else if (requiredIn.length === 0 || nested) required = 'no';
    else required = `${requiredIn.join(', ')} runs`;
    if (!nested && presentIn.length < variants.length) required += ` (${presentIn.join(', ')} runs only)`;
    if (required.startsWith('yes (')) required = `${presentIn.join(', ')} runs only, required`;
    const byText = new Map<string, string[]>();
    for (const [state, text] of descriptions) byText.set(text, [...(byText.get(text) ?? []), state]);
    const description =
      byText.size <= 1
        ? ([...byText.keys()][0] ?? '')
        : [...byText].map(([text, states]) => `${states.map((s) => `\`${s}\``).join(', ')}: ${text}`).join(' ');
    lines.push(`| \`${row.path}\` | ${escape([...types].join(' or '))} | ${required} | ${escape(description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

const MARKER = (kind: string, end: boolean) =>
  `<!-- fields:${kind}:${end ? 'end' : 'start'} (generated by npm run json-schema) -->`;

/** docs/format.md with its generated field tables brought up to date. */
export function updateFieldTables(markdown: string): string {
  let out = markdown;
  for (const kind of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    const start = MARKER(kind, false);
    const end = MARKER(kind, true);
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i === -1 || j === -1) throw new Error(`docs/format.md lacks the markers ${start} … ${end}`);
    out = `${out.slice(0, i + start.length)}\n${fieldTable(kind)}${out.slice(j)}`;
  }
  return out;
}
