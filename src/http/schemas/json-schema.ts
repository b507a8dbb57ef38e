/**
 * The JSON Schema objects route schemas are written in (Ajv's dialect, rendered into the
 * OpenAPI document by @fastify/swagger).
 */

/** A JSON Schema object: plain data, shared read-only between routes. */
export type JsonSchema = Readonly<Record<string, unknown>>
