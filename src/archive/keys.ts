import * as z from 'zod';

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

const cache = new WeakMap<z.ZodType, JsonSchemaNode>();

function jsonSchema(schema: z.ZodType): JsonSchemaNode {
  let node = cache.get(schema);
  if (!node) {
    node = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchemaNode;
    cache.set(schema, node);
  }
  return node;
}

function expand(nodes: JsonSchemaNode[]): JsonSchemaNode[] {
  return nodes.flatMap((n) => [n, ...expand([...(n.oneOf ?? []), ...(n.anyOf ?? []), ...(n.allOf ?? [])])]);
}

/**
 * The field names a schema allows at `path` (across every variant of a union), so that an unknown
 * field can be answered with "did you mean …?".
 */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes = expand([jsonSchema(schema)]);
  for (const segment of path) {
    const next: JsonSchemaNode[] = [];
    for (const node of nodes) {
      if (typeof segment === 'number' && node.items) next.push(node.items);
      else if (typeof segment === 'string' && node.properties?.[segment]) next.push(node.properties[segment]);
    }
    nodes = expand(next);
  }
  return [...new Set(nodes.flatMap((n) => Object.keys(n.properties ?? {})))];
}
