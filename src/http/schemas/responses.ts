/**
 * Response descriptions of route schemas (docs/openapi.md). They document; they never format:
 * the app's serializer compiler (plugins/python-json.ts) ignores response schemas, so every body
 * keeps Gnocchi's Python-style JSON whatever is declared here.
 */
import type { JsonSchema } from './json-schema.js'

/** The body of every `/v1` error (gnocchi-rest.md §1.5): `{"code", "title", "description"}`. */
export const GNOCCHI_ERROR_BODY: JsonSchema = {
  type: 'object',
  required: ['code', 'title', 'description'],
  properties: {
    code: { type: 'integer', description: 'The HTTP status.' },
    title: { type: 'string', description: "The status's reason phrase." },
    description: {
      description: "A message, Gnocchi's structured `{cause, reason, detail}` argument error, or null (routing 404).",
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          required: ['cause'],
          properties: { cause: { type: 'string' }, reason: { type: 'string' }, detail: {} },
        },
        { type: 'null' },
      ],
    },
  },
}

/** What each error status means on a `/v1` route. */
const ERROR_MEANINGS = {
  400: 'Invalid input: the body, a query parameter or a value is wrong.',
  401: 'No valid credentials for the configured authentication mode.',
  403: 'The policy rules deny this caller.',
  404: 'The named object does not exist.',
  405: 'The method is not allowed on this path.',
  409: 'The object already exists, or is still in use.',
  412: 'An `If-Match` / `If-Unmodified-Since` condition failed.',
  415: 'The body is not of the media type the route reads.',
  501: 'The request asks for something this server does not implement.',
  503: 'The storage cannot be read right now.',
} as const

/** An error status a route documents. */
export type ErrorStatus = keyof typeof ERROR_MEANINGS

/** Gnocchi-shaped error responses for the given statuses. */
export function gnocchiErrors(...statuses: readonly ErrorStatus[]): Record<string, JsonSchema> {
  return Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_MEANINGS[s], ...GNOCCHI_ERROR_BODY }]))
}

/** A JSON response: its description and the schema of its body. */
export function jsonResponse(description: string, schema: JsonSchema): JsonSchema {
  return { description, ...schema }
}

/** A response without a body (201 with `Location`, 202, 204). */
export function emptyResponse(description: string): JsonSchema {
  return { description, type: 'null' }
}

/** A response whose body is text of `mediaType` (HTML redirect pages, plain-text health). */
export function textResponse(description: string, mediaType: string): JsonSchema {
  return { description, content: { [mediaType]: { schema: { type: 'string' } } } }
}

/** Adds the `Location` header (the created object's URL) to a response description. */
export function withLocation(response: JsonSchema): JsonSchema {
  return { ...response, headers: { Location: { type: 'string', description: 'The URL of the created object.' } } }
}

/** Adds the `Link: <…>; rel="next"` header of a full page to a response description. */
export function withNextLink(response: JsonSchema): JsonSchema {
  return { ...response, headers: { Link: { type: 'string', description: 'When the page is full: `<URL of the next page>; rel="next"`.' } } }
}
