/**
 * Query-string and path-parameter schemas (docs/openapi.md).
 *
 * Fastify validates these, but they accept every value its parsers can produce: a query value
 * is a text, or a list of texts when the parameter is repeated, and unknown parameters are
 * allowed (Gnocchi ignores them). The handlers keep parsing the values themselves, because the
 * error texts clients see (`Argument value error`, ``Unable to parse `details'``, voluptuous's
 * `expected int`) and which of several repeated values counts differ from route to route and
 * are pinned by Gnocchi's tests. What a value must look like is therefore said in the
 * `description`, not in a constraint, and no `default` is declared (Ajv would insert it into
 * `request.query`).
 */
import type { JsonSchema } from './json-schema.js'

/** What documents one query parameter. */
export interface QueryParamDoc {
  readonly description: string
  /** Example values (annotation only). */
  readonly examples?: readonly string[]
}

/**
 * One query parameter: a text, or the list of texts when the parameter is repeated.
 * `repeatable` says that the route reads every value (`sort`, `attrs`, `groupby`, `metric`).
 */
export function queryParam(doc: QueryParamDoc | string, repeatable = false): JsonSchema {
  const { description, examples } = typeof doc === 'string' ? { description: doc, examples: undefined } : doc
  const one = { type: 'string', ...(examples !== undefined ? { examples: [...examples] } : {}) }
  const many = { type: 'array', items: { type: 'string' } }
  return {
    description: repeatable ? `${description} Repeatable.` : description,
    anyOf: repeatable ? [many, one] : [one, many],
  }
}

/** The query-string schema of a route: the documented parameters, any other one allowed. */
export function querystring(params: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return { type: 'object', properties: params, additionalProperties: true }
}

/** Path parameters: each a non-empty text segment, described. */
export function pathParams(params: Readonly<Record<string, string>>): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(params).map(([name, description]) => [name, { type: 'string', description }])),
    required: Object.keys(params),
  }
}
