import { z } from 'zod';

/** JSON Schema of a zod schema, as a request (input) sees it. */
export const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

/** JSON Schema of a zod schema, as a response (output) has it: the shape the web's types are generated from. */
export const outputSchema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
  return rest;
};

/** A JSON response whose body is a named component schema (`#/components/schemas/<name>`). */
export const jsonResponse = (description: string, schemaName: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } },
});

/** OpenAPI parameters from the fields of a zod object (query string or path). */
export function parameters(schema: z.ZodObject, where: 'query' | 'path' = 'query') {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** A path parameter that is a plain string. */
export const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});

/** Error responses with the shared `{ error: { code, message, details } }` body. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: 'error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

/** A required JSON request body described by a zod schema. */
export const jsonBody = (s: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: jsonSchema(s) } },
});
